import { benchCompare } from '../bench/benchCompare';
import { benchCore, coreTarget } from '../bench/benchCore';
import { benchExplore } from '../bench/benchExplore';
import { benchSpin } from '../bench/benchSpin';
import { benchModel } from '../bench/benchModel';
import { benchStartup } from '../bench/benchStartup';
import { TARGETS } from '../bench/TARGETS';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps bench` (what `npm run bench` runs). */
export const BENCH_USAGE = `reuserps bench [--rounds N] [--scenarios N] [--explore-rounds N] [--json]
  Measures actions per second through the model on the property suite's generated runs,
  alone and with every property checked (median of N rounds, default 7); the patch's C
  core in ns per SYN against hash selection in the same binary; and the explorer's
  distinct states per second on 2 CPUs x 3 listeners limit 2 and 3 x 3 limit 1, with and
  without symmetry (median of --explore-rounds, default 1), and the model's step alone over
  the same transitions, the ceiling of any explorer of this step function; the generic
  search against SPIN (when installed: apt-get install spin) on the table model, whose
  state counts must agree; and reuserps compare over every policy and workload.`;

/** `reuserps bench`: returns the exit status. */
export function benchCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json'], ['rounds', 'scenarios', 'explore-rounds']);
  if (args.positional.length > 0) throw new UsageError('bench takes no file');
  // Every option is checked before the first benchmark runs.
  const rounds = intOption(args, 'rounds', 7, 1, 1000);
  const scenarios = intOption(args, 'scenarios', 2000, 1, 1_000_000);
  const exploreRounds = intOption(args, 'explore-rounds', 1, 1, 100);
  const core = benchCore();
  const figures = benchModel(rounds, scenarios);
  const explored = benchExplore(exploreRounds);
  const compared = benchCompare(3);
  const spin = benchSpin();
  const startup = benchStartup(5);
  if (args.flags.has('json')) {
    out(
      JSON.stringify(
        {
          model: figures,
          core,
          explore: explored,
          spin,
          compare: compared,
          startup,
          targets: TARGETS,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const f of figures) {
    const rounds = f.rounds.map((x) => Math.round(x / 1000)).join(' ');
    out(
      `${f.name}: median ${Math.round(f.median).toLocaleString('en')} ${f.unit} (rounds, thousands: ${rounds})`,
    );
  }
  out('C core, ns per SYN (median of 7 rounds), against hash selection in the same binary:');
  for (const c of core) {
    const target = coreTarget(c);
    const verdict =
      target === null ? '' : `  target <= ${target.limit}: ${target.met ? 'met' : 'NOT met'}`;
    const limits = c.limits ? 'all but one at limit' : 'no limits';
    out(
      `  ${String(c.listeners).padStart(3)} listeners ${c.policy.padEnd(11)} ${limits.padEnd(20)} ${c.ns.toFixed(1).padStart(6)} ns, hash ${c.hashNs.toFixed(1).padStart(5)} ns, ratio ${c.ratio.toFixed(2)}${verdict}`,
    );
  }
  out('The generic search and SPIN (BFS, exhaustive) on the table model of bench/tableModel.ts:');
  for (const f of spin) {
    const spinPart =
      f.spinStates === null
        ? 'SPIN not installed (apt-get install spin)'
        : `SPIN ${f.spinStates} states (ours + its pre-initial one: ${f.agree === true ? 'agree' : 'DISAGREE'}), ${Math.round(f.spinStatesPerSecond ?? 0).toLocaleString('en')} states/s`;
    out(
      `  ${f.name}: ${f.distinct} states, ${Math.round(f.statesPerSecond).toLocaleString('en')} states/s; ${spinPart}`,
    );
  }
  out(`Explorer, every state of (target: 3 x 3 limit 1 in < ${TARGETS.explore3x3Seconds} s):`);
  for (const e of explored) {
    out(
      `  ${e.name}, symmetry ${e.symmetry ? 'on ' : 'off'}${e.fingerprints ? ', fingerprints' : ''}: ${e.distinct} states in ${e.seconds.toFixed(1)} s, ${Math.round(e.statesPerSecond).toLocaleString('en')} states/s, heap after ${Math.round(e.heapMb)} MB`,
    );
    if (e.stepSeconds !== null && e.ceiling !== null) {
      out(
        `    the model's step alone over the same transitions: ${e.stepSeconds.toFixed(2)} s, so at most ${Math.round(e.ceiling).toLocaleString('en')} states/s`,
      );
    }
  }
  out(
    `reuserps compare, every policy on every workload (${compared.runs} runs): median ${compared.seconds.toFixed(1)} s of 3 (target < ${TARGETS.compareSeconds} s)`,
  );
  const met = startup.median < TARGETS.startupSeconds ? 'met' : 'NOT met';
  out(
    `reuserps properties from start to exit (${startup.compiled ? 'compiled copy in dist/' : 'ts-node, dist/ stale or missing'}): median ${startup.median.toFixed(2)} s of ${startup.rounds.length} (target < ${TARGETS.startupSeconds} s: ${met})`,
  );
  return 0;
}
