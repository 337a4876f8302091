import type { ModelApi, Run } from '../properties';
import { runToTrace } from '../trace/runToTrace';
import type { TraceFile } from '../trace/TraceFile';
import type { KernelTrace } from './KernelTrace';
import {
  expectedObservation,
  firstDifference,
  liveOrdinals,
  parseObservation,
} from './observation';
import { replayKernelTrace } from './replayKernelTrace';

/** Where the kernel first parted from a model on one trace. */
export interface Disagreement {
  readonly trace: number;
  readonly step: number;
  readonly field: string;
  readonly want: string;
  readonly got: string;
  /** The model's run up to that step, as a file `reuserps run` replays. */
  readonly file: TraceFile;
}

/**
 * The guest time from a trace's start after which its steps are not compared: a request
 * may then meet its first SYN-ACK timer (`TCP_TIMEOUT_INIT`, 1 s), which the trace does
 * not name (a request of a closed listener migrates or dies there).
 */
export const TIMER_FREE_MS = 1000;

/** What comparing the kernel's answers with a model found. */
export interface KernelComparison {
  readonly traces: number;
  /** Steps compared. */
  readonly steps: number;
  /** Traces whose later steps ran past {@link TIMER_FREE_MS} and were not compared. */
  readonly cut: number;
  readonly disagreements: readonly Disagreement[];
}

/** The executor's lines, by trace id: `<trace>.<step> ...`. */
export function linesByTrace(log: string): Map<number, string[]> {
  const byTrace = new Map<number, string[]>();
  for (const raw of log.split('\n')) {
    const m = /^(\d+)\.(\d+) /.exec(raw.replace(/\r$/, ''));
    if (m === null) continue;
    const lines = byTrace.get(Number(m[1])) ?? [];
    lines[Number(m[2])] = raw;
    byTrace.set(Number(m[1]), lines);
  }
  return byTrace;
}

/** Compares every trace's kernel lines with what `model` says, step by step. */
export function compareKernel(
  model: ModelApi,
  traces: readonly KernelTrace[],
  byTrace: ReadonlyMap<number, readonly string[]>,
): KernelComparison {
  let steps = 0;
  let cut = 0;
  const disagreements: Disagreement[] = [];
  for (const t of traces) {
    const lines = byTrace.get(t.id) ?? [];
    const late = lines.findIndex((l) => l !== undefined && guestMs(l) >= TIMER_FREE_MS);
    const timely = late < 0 ? lines : lines.slice(0, late);
    if (late >= 0) cut++;
    steps += late < 0 ? t.actions.length : late;
    const d = compareTrace(model, t, timely, late < 0 ? t.actions.length : late);
    if (d !== null) disagreements.push(d);
  }
  return { traces: traces.length, steps, cut, disagreements };
}

/** The guest time of an executor line since its trace began (its `t` field). */
function guestMs(line: string): number {
  return Number(/ t=(\d+)/.exec(line)?.[1] ?? 0);
}

function compareTrace(
  model: ModelApi,
  t: KernelTrace,
  lines: readonly string[],
  upTo: number,
): Disagreement | null {
  const replayed = replayKernelTrace(model, t).slice(0, upTo);
  for (const [i, r] of replayed.entries()) {
    const line = lines[i];
    const diff =
      line === undefined
        ? { field: 'line', want: 'a line', got: '(none: the executor stopped)' }
        : firstDifference(
            expectedObservation(r),
            parseObservation(line),
            liveOrdinals(r.transition.before, r.ordinals),
          );
    if (diff === null) continue;
    const run: Run = {
      config: t.config,
      initial: replayed[0]?.transition.before ?? model.initialState(t.config),
      steps: replayed.slice(0, i + 1).map((x) => x.transition),
    };
    const what = `the kernel parts from the model on trace ${t.id} at step ${i} (${r.transition.action.type}): ${diff.field} is ${diff.got}, the model says ${diff.want}`;
    return { trace: t.id, step: i, ...diff, file: runToTrace(run, what) };
  }
  return null;
}
