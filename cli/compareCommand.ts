import { charts } from '../compare/charts';
import { compare, COMPARE_SEED } from '../compare/compare';
import { compareTable } from '../compare/compareTable';
import { POLICIES } from '../compare/POLICIES';
import { WORKLOAD_NAMES } from '../compare/Workload';
import { checkOutputDir, writeOutputDir } from '../suite/writeOutputDir';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps compare`. */
export const COMPARE_USAGE = `reuserps compare [--workload NAME] [--seed N] [--json] [--svg DIR [--force]]
  Replays the same seeded workloads (${WORKLOAD_NAMES.join(', ')}) through each policy:
  Linux's hash selection, cBPF CPU and queue programs, SO_INCOMING_CPU, DragonFly's
  inp_localgroup (hash-threshold and modulo-N), FreeBSD SO_REUSEPORT_LB and SO_REUSERPS,
  each with the NIC's RSS or XDP cpumap choosing the CPU of a SYN. Prints a Markdown table
  (JSON with --json); --svg writes the charts into DIR: NAME-locality.svg for each workload
  and NAME-drops.svg for one with a restart. DIR must be new or empty; --force replaces
  an earlier output of reuserps (a folder holding .reuserps-output).`;

/** `reuserps compare`: returns the exit status. */
export function compareCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json', 'force'], ['workload', 'seed', 'svg']);
  if (args.positional.length > 0) throw new UsageError('compare takes no file');
  const name = args.values.get('workload');
  if (name !== undefined && !WORKLOAD_NAMES.includes(name)) {
    throw new UsageError(
      `--workload: no workload ${name} (there are ${WORKLOAD_NAMES.join(', ')})`,
    );
  }
  const seed = intOption(args, 'seed', COMPARE_SEED, 0, 2 ** 31 - 1);
  const dir = args.values.get('svg');
  const output = { option: '--svg', force: args.flags.has('force') };
  if (dir === undefined && output.force) throw new UsageError('--force goes with --svg DIR');
  if (dir !== undefined) checkOutputDir(dir, output);
  const results = compare(name === undefined ? WORKLOAD_NAMES : [name], seed);
  // The charts replace the folder as one set: never some new and some old.
  if (dir !== undefined) writeOutputDir(dir, charts(results), output);
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
