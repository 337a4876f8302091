import fc from 'fast-check';
import {
  checkRun,
  PROPERTIES,
  type ModelApi,
  type Property,
  type Run,
  type Violation,
} from '../properties';
import { runToTrace } from '../trace/runToTrace';
import type { TraceFile } from '../trace/TraceFile';
import { buildRun, suiteScenarioArb, type Scenario } from './Scenario';

/** How hard to look. */
export interface CheckOptions {
  /** Random runs to try (before shrinking). */
  readonly numRuns: number;
  /** fast-check's seed; random when left out. */
  readonly seed?: number;
  /** The properties to check; all of them when left out. */
  readonly properties?: readonly Property[];
  /** The most actions in one run. */
  readonly maxActions?: number;
  /** Whether to shrink a counterexample (default true); without, the check stops at once. */
  readonly shrink?: boolean;
}

/** What a check found. */
export interface CheckReport {
  /** The first property the shrunk counterexample breaks, or null when all held. */
  readonly violation: Violation | null;
  /** The shrunk counterexample as a trace file, when a property failed. */
  readonly trace: TraceFile | null;
  /** Runs executed, shrinking included. */
  readonly runs: number;
  /** Actions executed through the model, shrinking included. */
  readonly actions: number;
  /** Actions generated before shrinking began. */
  readonly generated: number;
  /** Of those, the ones that succeeded (not an errno). */
  readonly okActions: number;
  /** The seed, to repeat the check. */
  readonly seed: number;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

/**
 * Checks properties over random runs of a model with fast-check, and shrinks a failing run
 * to a small counterexample. A model that throws counts as a violation of `modelThrows`.
 */
export function checkModel(model: ModelApi, options: CheckOptions): CheckReport {
  const properties = options.properties ?? PROPERTIES;
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
  let runs = 0;
  let actions = 0;
  let okActions = 0;
  let generated = 0;
  let shrinking = false;
  // The last failure seen is fast-check's final counterexample; keep its run rather than
  // run it again, since a broken model need not fail twice the same way.
  let failure: { run: Run | null; violation: Violation } | null = null;
  const judge = (sc: Scenario): boolean => {
    let run: Run | null = null;
    let violation: Violation | null;
    try {
      run = buildRun(model, sc);
      runs++;
      actions += run.steps.length;
      if (!shrinking) {
        generated += run.steps.length;
        okActions += run.steps.filter((t) => t.outcome.ok).length;
      }
      violation = checkRun(properties, run, model);
    } catch (e) {
      violation = { property: 'modelThrows', step: -1, reason: String(e) };
    }
    if (violation === null) return true;
    failure = { run, violation };
    shrinking = true;
    return false;
  };
  const started = Date.now();
  fc.check(fc.property(suiteScenarioArb(options.maxActions), judge), {
    numRuns: options.numRuns,
    seed,
    endOnFailure: options.shrink === false,
  });
  const found = failure as { run: Run | null; violation: Violation } | null;
  const violation = found?.violation ?? null;
  const trace =
    found?.run == null || violation === null
      ? null
      : runToTrace(found.run, `Counterexample to ${violation.property}: ${violation.reason}`);
  return { violation, trace, runs, actions, generated, okActions, seed, ms: Date.now() - started };
}
