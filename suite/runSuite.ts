import { join } from 'node:path';
import * as model from '../model';
import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import { PROPERTIES, type Violation } from '../properties';
import { checkModel } from './checkModel';
import { timedProperties } from './timedProperties';

/** How the suite runs. */
export interface SuiteOptions {
  /** Random runs for the reference model. */
  readonly runs: number;
  /** The most runs spent looking for each mutant's counterexample. */
  readonly mutantRuns: number;
  /** fast-check's seed, for the whole suite. */
  readonly seed: number;
  /** The folder counterexample traces are named in; null names none. */
  readonly outDir: string | null;
  /** Told what the suite is doing, for a progress line. */
  readonly progress?: (what: string) => void;
}

/** A property's line in the report. */
export interface PropertyRow {
  readonly name: string;
  readonly prose: string;
  /** Null when it held on the reference model. */
  readonly violation: Violation | null;
  /** Milliseconds spent checking it on the reference model. */
  readonly ms: number;
  /** The mutants it is meant to catch, and caught. */
  readonly kills: readonly string[];
}

/** A mutant's line in the report. */
export interface MutantRow {
  readonly name: string;
  readonly description: string;
  readonly target: string;
  /** The first property to fail on it over all properties, or null if none did. */
  readonly caughtBy: string | null;
  /** Whether its target property alone catches it. */
  readonly killed: boolean;
  /** The shrunk counterexample's file, when written. */
  readonly counterexample: string | null;
  readonly steps: number;
  readonly ms: number;
}

/** Everything the suite found. */
export interface SuiteReport {
  readonly seed: number;
  readonly runs: number;
  readonly actions: number;
  /** The share of generated actions that succeeded rather than return an errno. */
  readonly okShare: number;
  readonly modelMs: number;
  /** What failed on the reference model (a property, or `modelThrows`), or null. */
  readonly violation: Violation | null;
  readonly counterexample: string | null;
  readonly properties: readonly PropertyRow[];
  readonly mutants: readonly MutantRow[];
  readonly ms: number;
  /** The counterexample traces, by file name in `outDir`, for the caller to write at once. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Runs the property suite: every property over random runs of the reference model, then
 * every mutant, first against all properties (to report which catches it), then shrunk
 * against its target property, whose counterexample is written as a trace.
 */
export function runSuite(o: SuiteOptions): SuiteReport {
  const started = Date.now();
  const spent = new Map<string, number>();
  o.progress?.(`reference model: ${o.runs} runs`);
  const main = checkModel(model, {
    numRuns: o.runs,
    seed: o.seed,
    properties: timedProperties(PROPERTIES, spent),
  });
  const files: Record<string, string> = {};
  const counterexample =
    main.trace === null || o.outDir === null ? null : join(o.outDir, 'reference-model.json');
  if (counterexample !== null) files['reference-model.json'] = JSON.stringify(main.trace, null, 2);

  const mutants = MUTANTS.map((m, i): MutantRow => {
    o.progress?.(`mutant ${i + 1}/${MUTANTS.length}: ${m.name}`);
    const t0 = Date.now();
    const mutant = loadMutant(m);
    const first = checkModel(mutant, { numRuns: o.mutantRuns, seed: o.seed, shrink: false });
    const target = PROPERTIES.filter((p) => p.name === m.killedBy);
    const alone = checkModel(mutant, { numRuns: o.mutantRuns, seed: o.seed, properties: target });
    const killed = alone.violation?.property === m.killedBy;
    let file: string | null = null;
    if (alone.trace !== null && o.outDir !== null) {
      file = join(o.outDir, `${m.name}.json`);
      files[`${m.name}.json`] = JSON.stringify(alone.trace, null, 2);
    }
    return {
      name: m.name,
      description: m.description,
      target: m.killedBy,
      caughtBy: first.violation?.property ?? null,
      killed,
      counterexample: file,
      steps: alone.trace?.steps.length ?? 0,
      ms: Date.now() - t0,
    };
  });

  const properties = PROPERTIES.map((p) => ({
    name: p.name,
    prose: p.prose,
    violation: main.violation?.property === p.name ? main.violation : null,
    ms: spent.get(p.name) ?? 0,
    kills: mutants.filter((m) => m.target === p.name && m.killed).map((m) => m.name),
  }));
  return {
    seed: main.seed,
    runs: main.runs,
    actions: main.actions,
    okShare: main.generated === 0 ? 0 : main.okActions / main.generated,
    modelMs: main.ms,
    violation: main.violation,
    counterexample,
    properties,
    mutants,
    ms: Date.now() - started,
    files,
  };
}

/** Whether the suite passed: every property held and every mutant was killed. */
export function suitePassed(r: SuiteReport): boolean {
  return r.violation === null && r.mutants.every((m) => m.killed);
}
