import { charts } from '../compare/charts';
import { compare, COMPARE_SEED } from '../compare/compare';
import { compareTable } from '../compare/compareTable';
import { POLICIES } from '../compare/POLICIES';
import { WORKLOAD_NAMES } from '../compare/Workload';
import { writeFileAtomic } from '../suite/writeFileAtomic';
import { join } from 'node:path';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps compare`. */
export const COMPARE_USAGE = `reuserps compare [--workload NAME] [--seed N] [--json] [--svg DIR]
  Replays the same seeded workloads (${WORKLOAD_NAMES.join(', ')}) through each policy:
  Linux's hash selection, cBPF CPU and queue programs, SO_INCOMING_CPU, DragonFly's
  inp_localgroup (hash-threshold and modulo-N), FreeBSD SO_REUSEPORT_LB and SO_REUSERPS,
  each with the NIC's RSS or XDP cpumap choosing the CPU of a SYN. Prints a Markdown table
  (JSON with --json); --svg writes the charts into DIR: NAME-locality.svg for each workload
  and NAME-drops.svg for one with a restart.`;

/** `reuserps compare`: returns the exit status. */
export function compareCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json'], ['workload', 'seed', 'svg']);
  if (args.positional.length > 0) throw new UsageError('compare takes no file');
  const name = args.values.get('workload');
  if (name !== undefined && !WORKLOAD_NAMES.includes(name)) {
    throw new UsageError(
      `--workload: no workload ${name} (there are ${WORKLOAD_NAMES.join(', ')})`,
    );
  }
  const seed = intOption(args, 'seed', COMPARE_SEED, 0, 2 ** 31 - 1);
  const results = compare(name === undefined ? WORKLOAD_NAMES : [name], seed);
  const dir = args.values.get('svg');
  if (dir !== undefined) {
    // Every chart is made before the first is written; each file is replaced whole.
    try {
      for (const [file, text] of Object.entries(charts(results))) {
        writeFileAtomic(join(dir, file), text);
      }
    } catch (e) {
      throw new UsageError(`--svg ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (args.flags.has('json')) {
    const workloads = results.map((r) => ({
      name: r.workload.name,
      description: r.workload.description,
      cpus: r.workload.cpus,
      listeners: r.workload.listeners,
      limit: r.workload.limit,
      ticks: r.workload.ticks,
      metrics: r.metrics,
    }));
    const policies = POLICIES.map((p) => ({ name: p.name, source: p.source }));
    out(JSON.stringify({ seed, policies, workloads }, null, 2));
  } else {
    out(compareTable(results));
  }
  return 0;
}
