import fc from 'fast-check';
import { checkRun, PROPERTIES, type ModelApi, type Property, type Violation } from '../properties';
import { runToTrace } from '../trace/runToTrace';
import type { TraceFile } from '../trace/TraceFile';
import { buildRun, scenarioArb, type Scenario } from './Scenario';

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
  const judge = (sc: Scenario): Violation | null => {
    try {
      const run = buildRun(model, sc);
      runs++;
      actions += run.steps.length;
      if (!shrinking) {
        generated += run.steps.length;
        okActions += run.steps.filter((t) => t.outcome.ok).length;
      }
      return checkRun(properties, run, model);
    } catch (e) {
      return { property: 'modelThrows', step: -1, reason: String(e) };
    }
  };
  const started = Date.now();
  const details = fc.check(
    fc.property(scenarioArb(options.maxActions), (sc) => {
      const v = judge(sc);
      if (v !== null) shrinking = true;
      return v === null;
    }),
    { numRuns: options.numRuns, seed, endOnFailure: options.shrink === false },
  );
  const counterexample = details.counterexample?.[0];
  let violation: Violation | null = null;
  let trace: TraceFile | null = null;
  if (details.failed && counterexample !== undefined) {
    violation = judge(counterexample);
    if (violation !== null && violation.property !== 'modelThrows') {
      const run = buildRun(model, counterexample);
      trace = runToTrace(run, `Counterexample to ${violation.property}: ${violation.reason}`);
    }
  }
  return { violation, trace, runs, actions, generated, okActions, seed, ms: Date.now() - started };
}
