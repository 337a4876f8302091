import fc from 'fast-check';
import * as model from '../model';
import { checkRun, PROPERTIES } from '../properties';
import { buildRun, scenarioArb } from '../suite/Scenario';

/** One benchmark figure: the median of several timed rounds, and the rounds. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly rounds: readonly number[];
}

/**
 * Actions per second through the model on the suite's own generated runs: the model alone
 * (generation included), and with every property checked at every step. The scenarios are
 * sampled once, with a fixed seed, so every round does the same work.
 */
export function benchModel(rounds: number, scenarios: number): Figure[] {
  const sample = fc.sample(scenarioArb(), { numRuns: scenarios, seed: 20261122 });
  const modelOnly: number[] = [];
  const withProperties: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now();
    let actions = 0;
    const runs = sample.map((sc) => buildRun(model, sc));
    for (const r of runs) actions += r.steps.length;
    modelOnly.push(actions / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    for (const sc of sample) {
      const r = buildRun(model, sc);
      if (checkRun(PROPERTIES, r, model) !== null)
        throw new Error('a property failed while benchmarking');
    }
    withProperties.push(actions / ((performance.now() - t0) / 1000));
  }
  return [
    {
      name: 'model steps on generated runs',
      unit: 'actions/s',
      median: median(modelOnly),
      rounds: modelOnly,
    },
    {
      name: 'model steps with every property checked',
      unit: 'actions/s',
      median: median(withProperties),
      rounds: withProperties,
    },
  ];
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
