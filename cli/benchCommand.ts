import { benchCompare } from '../bench/benchCompare';
import { benchCore, coreTarget } from '../bench/benchCore';
import {
  benchAgainstC,
  benchExplore,
  benchScale,
  type ExploreFigure,
  type ScaleFigure,
} from '../bench/benchExplore';
import { benchSpin } from '../bench/benchSpin';
import { benchModel } from '../bench/benchModel';
import { benchStartup } from '../bench/benchStartup';
import { TARGETS } from '../bench/TARGETS';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps bench` (what `npm run bench` runs). */
export const BENCH_USAGE = `reuserps bench [--rounds N] [--scenarios N] [--explore-rounds N] [--no-scale] [--json]
  Measures actions per second through the model on the property suite's generated runs,
  alone and with every property checked (median of N rounds, default 7); the patch's C
  core in ns per SYN against hash selection in the same binary; the explorer's distinct
  states per second on 2 CPUs x 3 listeners limit 2 and 3 x 3 limit 1 with exact keys,
  fingerprints, and fingerprints in two worker threads (median of --explore-rounds,
  default 1), against two ceilings timed alone over the same transitions: the model's
  step, and the step with every property; bytes a state; a configuration of over ten
  million states explored completely (about 8 minutes; --no-scale leaves it out);
  explore --against-c's transitions a second; the generic search against SPIN (when
  installed: apt-get install spin) on the table model, whose state counts must agree;
  and reuserps compare over every policy and workload.`;

/** `reuserps bench`: returns the exit status. */
export function benchCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['json', 'no-scale'], ['rounds', 'scenarios', 'explore-rounds']);
  if (args.positional.length > 0) throw new UsageError('bench takes no file');
  // Every option is checked before the first benchmark runs.
  const rounds = intOption(args, 'rounds', 7, 1, 1000);
  const scenarios = intOption(args, 'scenarios', 2000, 1, 1_000_000);
  const exploreRounds = intOption(args, 'explore-rounds', 1, 1, 100);
  const core = benchCore();
  const figures = benchModel(rounds, scenarios);
  const explored = benchExplore(exploreRounds);
  const againstC = benchAgainstC();
  const scale = args.flags.has('no-scale') ? null : benchScale();
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
          againstC,
          scale,
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
        : `SPIN ${f.spinStates} states (ours + its pre-initial one: ${f.agree === true ? 'agree' : 'DISAGREE'}), ${Math.round(f.spinStatesPerSecond ?? 0).toLocaleString('en')} states/s (goal: at or above SPIN's rate: ${verdict(f.statesPerSecond >= (f.spinStatesPerSecond ?? Infinity))})`;
    out(
      `  ${f.name}: ${f.distinct} states, ${Math.round(f.statesPerSecond).toLocaleString('en')} states/s; ${spinPart}`,
    );
  }
  for (const line of exploreLines(explored, scale)) out(line);
  out(
    `explore --against-c on rrLimited: ${againstC.transitions} transitions through the C core in ${againstC.seconds.toFixed(1)} s, ${Math.round(againstC.perSecond).toLocaleString('en')} a second`,
  );
  out(
    `reuserps compare, every policy on every workload (${compared.runs} runs): median ${compared.seconds.toFixed(1)} s of 3 (target < ${TARGETS.compareSeconds} s)`,
  );
  const met = startup.median < TARGETS.startupSeconds ? 'met' : 'NOT met';
  out(
    `reuserps properties from start to exit (${startup.compiled ? 'compiled copy in dist/' : 'ts-node, dist/ stale or missing'}): median ${startup.median.toFixed(2)} s of ${startup.rounds.length} (target < ${TARGETS.startupSeconds} s: ${met})`,
  );
  return 0;
}

const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
const rate = (x: number): string => Math.round(x).toLocaleString('en');

/** The explorer's figures, each target with its measured figure. */
function exploreLines(explored: readonly ExploreFigure[], scale: ScaleFigure | null): string[] {
  const lines = ['Explorer, every state of each configuration, symmetry on:'];
  for (const e of explored) {
    lines.push(`  ${e.name}:`);
    for (const m of e.modes) {
      const bytes = `${m.bytesPerState.toFixed(1)} bytes a state`;
      const collide =
        m.collisionProbability === null
          ? ''
          : `, chance of a collision ${m.collisionProbability.toExponential(1)}`;
      lines.push(
        `    ${m.mode.padEnd(24)} ${m.distinct} states in ${m.seconds.toFixed(1)} s, ${rate(m.statesPerSecond)} states/s, ${bytes}${collide}`,
      );
    }
    const fp = e.modes.find((m) => m.fingerprints && m.workers === 1);
    lines.push(
      `    ceilings over the same ${fp?.generated ?? 0} transitions: the step alone ${rate(e.stepCeiling)} states/s; step and every property ${rate(e.ceiling)} states/s`,
      `    one worker: ${(e.ofCeiling * 100).toFixed(0)}% of the ceiling (target >= ${TARGETS.exploreOfCeiling * 100}%: ${verdict(e.ofCeiling >= TARGETS.exploreOfCeiling)}); ` +
        `two workers: ${e.parallelSpeedup.toFixed(2)}x one (target >= ${TARGETS.exploreParallelSpeedup}x: ${verdict(e.parallelSpeedup >= TARGETS.exploreParallelSpeedup)})`,
    );
  }
  const three = explored[1]?.modes[1];
  if (three !== undefined)
    lines.push(
      `  3 x 3 limit 1 with fingerprints: ${three.seconds.toFixed(1)} s (target < ${TARGETS.explore3x3Seconds} s: ${verdict(three.seconds < TARGETS.explore3x3Seconds)})`,
    );
  if (scale === null) lines.push('  scale configuration: left out (--no-scale)');
  else {
    const ok =
      scale.complete &&
      scale.distinct >= TARGETS.scaleStates &&
      scale.seconds <= TARGETS.scaleSeconds &&
      scale.peakRssBytes <= TARGETS.scaleRssBytes;
    lines.push(
      `  scale: reuserps ${scale.args.filter((a) => !a.startsWith('/')).join(' ')}`,
      `    ${scale.distinct.toLocaleString('en')} states${scale.complete ? '' : ' (NOT complete)'} in ${scale.seconds.toFixed(0)} s, ${rate(scale.statesPerSecond)} states/s, peak resident ${(scale.peakRssBytes / 2 ** 20).toFixed(0)} MB (${(scale.peakRssBytes / scale.distinct).toFixed(1)} bytes a state), ` +
        `structures ${scale.bytesPerState.toFixed(1)} bytes a state (target <= ${TARGETS.exploreBytesPerState}: ${verdict(scale.bytesPerState <= TARGETS.exploreBytesPerState)}), ${(scale.spilledBytes / 2 ** 20).toFixed(0)} MB of queue spilled, chance of a collision ${(scale.collisionProbability ?? 0).toExponential(1)}`,
      `    target >= ${TARGETS.scaleStates.toLocaleString('en')} states, complete, in <= ${TARGETS.scaleSeconds} s within ${TARGETS.scaleRssBytes / 2 ** 30} GB: ${verdict(ok)}`,
    );
  }
  return lines;
}
