import * as model from '../model';
import { explore } from '../explore/explore';
import { median } from './benchModel';
import { EXPLORE_DEFAULTS, type ExploreConfig } from '../explore/Universe';

/** One explorer benchmark: a configuration explored fully, with or without symmetry. */
export interface ExploreFigure {
  readonly name: string;
  readonly symmetry: boolean;
  readonly distinct: number;
  /** Median over the rounds. */
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Heap in use right after the last round (not its peak), in MB. */
  readonly heapMb: number;
  readonly rounds: readonly number[];
}

/** The configurations issue 6 names: 2 CPUs x 3 listeners limit 2, and 3 x 3 limit 1. */
export const EXPLORE_BENCH: readonly [string, ExploreConfig][] = [
  [
    '2 CPUs x 3 listeners, limit 2',
    { ...EXPLORE_DEFAULTS, cpus: 2, listeners: 3, limit: 2, policy: 0 },
  ],
  [
    '3 CPUs x 3 listeners, limit 1',
    { ...EXPLORE_DEFAULTS, cpus: 3, listeners: 3, limit: 1, policy: 0 },
  ],
];

/** Explores each benchmark configuration `rounds` times with and without symmetry. */
export function benchExplore(rounds: number): ExploreFigure[] {
  const out: ExploreFigure[] = [];
  for (const [name, cfg] of EXPLORE_BENCH) {
    for (const symmetry of [true, false]) {
      const times: number[] = [];
      let distinct = 0;
      for (let i = 0; i < rounds; i++) {
        const r = explore(cfg, model, { symmetry, maxDepth: null });
        if (r.violation !== null) throw new Error(`a property failed while benchmarking ${name}`);
        times.push(r.seconds);
        distinct = r.distinct;
      }
      const seconds = median(times);
      out.push({
        name,
        symmetry,
        distinct,
        seconds,
        statesPerSecond: distinct / seconds,
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
        rounds: times,
      });
    }
  }
  return out;
}
