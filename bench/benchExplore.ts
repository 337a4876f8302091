import * as model from '../model';
import { explore } from '../explore/explore';
import { median } from './benchModel';
import { EXPLORE_DEFAULTS, type ExploreConfig } from '../explore/Universe';

/** One explorer benchmark: a configuration explored fully, with or without symmetry. */
export interface ExploreFigure {
  readonly name: string;
  readonly symmetry: boolean;
  /** Whether the states seen were kept as 64-bit fingerprints rather than keys. */
  readonly fingerprints: boolean;
  readonly distinct: number;
  /** Median over the rounds. */
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Heap in use right after the last round (not its peak), in MB. */
  readonly heapMb: number;
  readonly rounds: readonly number[];
  /**
   * The model's `step` alone, replayed over every transition this exploration computed
   * (median of 3 passes), in seconds; null without symmetry, where holding every
   * transition would take too much memory.
   */
  readonly stepSeconds: number | null;
  /** `distinct / stepSeconds`: no explorer of this step function can go faster. */
  readonly ceiling: number | null;
}

/*
 * The model's copies (model/update.ts) write every field out in the order of its interface
 * instead of spreading a patch: records of one kind then share one V8 hidden class, which
 * keeps the explorer's steps on V8's fast paths. Spreads gave each record kind up to 14
 * classes, and made `step` about twice as slow in the explorer.
 */

/** The benchmark configurations: 2 CPUs x 3 listeners limit 2, and 3 x 3 limit 1. */
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

/** The ways each configuration is explored: symmetry on and off, and on with fingerprints. */
const MODES = [
  { symmetry: true, fingerprints: false },
  { symmetry: false, fingerprints: false },
  { symmetry: true, fingerprints: true },
] as const;

/** Explores each benchmark configuration `rounds` times in each of the modes. */
export function benchExplore(rounds: number): ExploreFigure[] {
  const out: ExploreFigure[] = [];
  for (const [name, cfg] of EXPLORE_BENCH) {
    for (const { symmetry, fingerprints } of MODES) {
      const times: number[] = [];
      let distinct = 0;
      for (let i = 0; i < rounds; i++) {
        const r = explore(cfg, model, { symmetry, maxDepth: null, fingerprints });
        if (r.violation !== null) throw new Error(`a property failed while benchmarking ${name}`);
        times.push(r.seconds);
        distinct = r.distinct;
      }
      const seconds = median(times);
      const stepSeconds = symmetry && !fingerprints ? stepOnly(cfg) : null;
      out.push({
        name,
        symmetry,
        fingerprints,
        distinct,
        seconds,
        statesPerSecond: distinct / seconds,
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
        rounds: times,
        stepSeconds,
        ceiling: stepSeconds === null ? null : distinct / stepSeconds,
      });
    }
  }
  return out;
}

/**
 * Explores `cfg` once without properties, recording each state and action the explorer
 * steps, then times the model's `step` alone over all of them: the part of an
 * exploration that belongs to the model, not to the explorer.
 */
function stepOnly(cfg: ExploreConfig): number {
  const tried: [model.State, model.Action][] = [];
  const recording = {
    initialState: model.initialState,
    step(s: model.State, a: model.Action) {
      tried.push([s, a]);
      return model.step(s, a);
    },
  };
  explore(cfg, recording, { symmetry: true, maxDepth: null, properties: [] });
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    for (const [s, a] of tried) model.step(s, a);
    passes.push((performance.now() - t0) / 1000);
  }
  return median(passes);
}
