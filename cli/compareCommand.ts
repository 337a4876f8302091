import { charts } from '../compare/charts';
import { compare, COMPARE_SEED } from '../compare/compare';
import { compareTable } from '../compare/compareTable';
import { kernelPlan } from '../compare/kernelPlan';
import { kernelResults } from '../compare/KernelResults';
import { kernelRows, kernelTable } from '../compare/kernelTable';
import { KERNEL_POLICIES, KERNEL_WORKLOADS } from '../compare/KERNEL_RUNS';
import { writeFileAtomic } from '../suite/writeFileAtomic';
import { InputError } from './InputError';
import { readInput } from './readInput';
import { POLICIES } from '../compare/POLICIES';
import { WORKLOAD_NAMES } from '../compare/Workload';
import { checkOutputDir, writeOutputDir } from '../suite/writeOutputDir';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps compare`. */
export const COMPARE_USAGE = `reuserps compare [--workload NAME] [--seed N] [--json] [--svg DIR [--force]]
reuserps compare --plan FILE [--seed N]
reuserps compare --kernel RESULTS.json [--json]
  Replays the same seeded workloads (${WORKLOAD_NAMES.join(', ')}) through each policy:
  Linux's hash selection, cBPF CPU and queue programs, SO_INCOMING_CPU, DragonFly's
  inp_localgroup (hash-threshold and modulo-N), FreeBSD SO_REUSEPORT_LB and SO_REUSERPS,
  each with the NIC's RSS or XDP cpumap choosing the CPU of a SYN. Prints a Markdown table
  (JSON with --json); --svg writes the charts into DIR: NAME-locality.svg for each workload
  and NAME-drops.svg for one with a restart. DIR must be new or empty; --force replaces
  an earlier output of reuserps (a folder holding .reuserps-output).
  --plan writes what a kernel can run of it (${KERNEL_WORKLOADS.join(', ')} under
  ${KERNEL_POLICIES.join(', ')}) for compare/kernelReplay.c, which kernel/stress.sh runs
  in the debug kernel; --kernel reads what that run wrote and prints the kernel's figures
  beside the simulator's for the same workloads and seed, marking a kernel figure outside
  the simulator's range over redrawn flow hashes.`;

/** `reuserps compare`: returns the exit status. */
export function compareCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json', 'force'], ['workload', 'seed', 'svg', 'plan', 'kernel']);
  if (args.positional.length > 0) throw new UsageError('compare takes no file');
  const plan = args.values.get('plan');
  const kernel = args.values.get('kernel');
  if (plan !== undefined && kernel !== undefined)
    throw new UsageError('--plan and --kernel do not go together');
  if (plan !== undefined) {
    writeFileAtomic(
      plan,
      kernelPlan(intOption(args, 'seed', COMPARE_SEED, 0, 2 ** 31 - 1)),
      '--plan',
    );
    return 0;
  }
  if (kernel !== undefined) return kernelCommand(kernel, args.flags.has('json'), out);
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

/** `reuserps compare --kernel FILE`: exit 0; the figures are a report, not a verdict. */
function kernelCommand(file: string, json: boolean, out: (line: string) => void): number {
  let doc: unknown;
  try {
    doc = JSON.parse(readInput(file));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const results = kernelResults(file, doc);
  const rows = kernelRows(results, file);
  out(
    json ? JSON.stringify({ kernel: results.kernel, rows }, null, 2) : kernelTable(results, rows),
  );
  return 0;
}
