import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as model from '../model';
import { checkAgainstC } from '../explore/checkAgainstC';
import { explore, structureBytes, type ExploreResult } from '../explore/explore';
import { PINNED_CONFIGS } from '../explore/PINNED_COUNTS';
import { EXPLORE_DEFAULTS, type ExploreConfig } from '../explore/Universe';
import { buildHarness } from '../harness/buildHarness';
import { PROPERTIES, type Memory, type Transition } from '../properties';
import { packageRoot } from '../suite/packageRoot';
import { median } from './benchModel';

/** One way of exploring a benchmark configuration, and what it took. */
export interface ExploreMode {
  readonly mode: string;
  readonly workers: number;
  readonly fingerprints: boolean;
  readonly distinct: number;
  readonly generated: number;
  /** Median over the rounds. */
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** The search's own structures (seen set, parents, queue at its peak), a state. */
  readonly bytesPerState: number;
  readonly collisionProbability: number | null;
}

/** One explorer benchmark: a configuration explored fully in each mode, and its ceilings. */
export interface ExploreFigure {
  readonly name: string;
  readonly modes: readonly ExploreMode[];
  /**
   * The model's `step` alone over every transition the exploration computed, as states
   * per second (median of 3 passes): no explorer of this step function goes faster.
   */
  readonly stepCeiling: number;
  /**
   * The work any explorer of this model must do, timed alone over the same transitions:
   * the step, every step property and monitor on each transition, every state property
   * on each distinct state; as states per second.
   */
  readonly ceiling: number;
  /** The one-worker fingerprint rate over {@link ceiling}. */
  readonly ofCeiling: number;
  /** Two workers' rate over one worker's (fingerprints both). */
  readonly parallelSpeedup: number;
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

/**
 * Explores each benchmark configuration `rounds` times in each mode, then times their
 * ceilings: recording every transition takes a heap of hundreds of megabytes, which would
 * slow the explorations after it.
 */
export function benchExplore(rounds: number): ExploreFigure[] {
  const modelPath = require.resolve('../model');
  const kinds = [
    { mode: 'exact keys', workers: 1, fingerprints: false },
    { mode: 'fingerprints', workers: 1, fingerprints: true },
    { mode: 'fingerprints, 2 workers', workers: 2, fingerprints: true },
  ];
  const measured = EXPLORE_BENCH.map(([name, cfg]) => {
    const modes = kinds.map((k) => {
      const runs: ExploreResult[] = [];
      for (let i = 0; i < rounds; i++) {
        const r = explore(cfg, model, {
          symmetry: true,
          maxDepth: null,
          fingerprints: k.fingerprints,
          workers: k.workers,
          modelPath,
        });
        if (r.violation !== null) throw new Error(`a property failed while benchmarking ${name}`);
        runs.push(r);
      }
      return modeOf(k, runs);
    });
    return { name, cfg, modes };
  });
  return measured.map(({ name, cfg, modes }) => {
    const { step, all } = ceilings(cfg);
    const one = modes[1] as ExploreMode;
    const two = modes[2] as ExploreMode;
    return {
      name,
      modes,
      stepCeiling: one.distinct / step,
      ceiling: one.distinct / all,
      ofCeiling: one.statesPerSecond / (one.distinct / all),
      parallelSpeedup: two.statesPerSecond / one.statesPerSecond,
    };
  });
}

function modeOf(
  k: { mode: string; workers: number; fingerprints: boolean },
  runs: readonly ExploreResult[],
): ExploreMode {
  const last = runs[runs.length - 1] as ExploreResult;
  const seconds = median(runs.map((r) => r.seconds));
  const m = last.memory;
  return {
    ...k,
    distinct: last.distinct,
    generated: last.generated,
    seconds,
    statesPerSecond: last.distinct / seconds,
    bytesPerState: structureBytes(m) / last.distinct,
    collisionProbability: last.collisionProbability,
  };
}

/**
 * Explores `cfg` once in this thread, recording every state expanded and action tried
 * with the monitors' memories, then times over all of them, 3 passes each: the model's
 * step alone, and the step with every property (state properties once a state).
 */
function ceilings(cfg: ExploreConfig): { step: number; all: number } {
  const tried: [model.State, model.Action, readonly (readonly Memory[])[]][] = [];
  explore(cfg, model, {
    symmetry: true,
    maxDepth: null,
    fingerprints: true,
    observe: (t, memories) => tried.push([t.before, t.action, memories]),
  });
  const stepChecks = PROPERTIES.filter((p) => p.step !== undefined);
  const monitors = PROPERTIES.filter((p) => p.monitor !== undefined);
  const stateChecks = PROPERTIES.filter((p) => p.state !== undefined);
  const time = (pass: () => void): number => {
    const passes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      pass();
      passes.push((performance.now() - t0) / 1000);
    }
    return median(passes);
  };
  const step = time(() => {
    for (const [s, a] of tried) model.step(s, a);
  });
  const all = time(() => {
    let last: model.State | null = null;
    for (const [s, action, memories] of tried) {
      // Each expanded state comes once, with all its actions in a row.
      if (s !== last) for (const p of stateChecks) p.state?.(s);
      last = s;
      const r = model.step(s, action);
      const t: Transition = { before: s, action, outcome: r.outcome, after: r.state };
      for (const p of stepChecks) p.step?.(t);
      for (let i = 0; i < monitors.length; i++)
        monitors[i]?.monitor?.next(memories[i] ?? [], t, model);
    }
  });
  return { step, all };
}

/** The configuration of at least ten million states the bench explores completely. */
export const SCALE_CONFIG: ExploreConfig = {
  ...EXPLORE_DEFAULTS,
  cpus: 3,
  listeners: 4,
  limit: 2,
  hashes: 3,
  policy: 0,
};

/** What exploring {@link SCALE_CONFIG} took, from the command line in a process of its own. */
export interface ScaleFigure {
  readonly args: readonly string[];
  readonly distinct: number;
  readonly complete: boolean;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly bytesPerState: number;
  /** The process's peak resident set, all threads, in bytes. */
  readonly peakRssBytes: number;
  readonly spilledBytes: number;
  readonly collisionProbability: number | null;
}

/** Explores {@link SCALE_CONFIG} with two workers and fingerprints, as a user would. */
export function benchScale(): ScaleFigure {
  const c = SCALE_CONFIG;
  const args = [
    'explore',
    ...['--cpus', String(c.cpus), '--listeners', String(c.listeners), '--limit', String(c.limit)],
    ...['--hashes', String(c.hashes), '--policy', 'round-robin', '--fingerprints'],
    ...['--workers', '2', '--queue-memory', '32', '--max-states', '40000000', '--json'],
    ...['--out', join(packageRoot(__dirname), '.cache', 'bench-scale-out'), '--force'],
  ];
  const r = spawnSync(
    process.execPath,
    [join(packageRoot(__dirname), 'bin', 'reuserps.js'), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (r.status !== 0) throw new Error(`the scale run failed (exit ${r.status}): ${r.stderr}`);
  const j = JSON.parse(r.stdout) as {
    distinct: number;
    complete: boolean;
    seconds: number;
    memory: ExploreResult['memory'];
    peakRssBytes: number;
    collisionProbability: number | null;
  };
  const m = j.memory;
  return {
    args,
    distinct: j.distinct,
    complete: j.complete,
    seconds: j.seconds,
    statesPerSecond: j.distinct / j.seconds,
    bytesPerState: structureBytes(m) / j.distinct,
    peakRssBytes: j.peakRssBytes,
    spilledBytes: m.spilledBytes,
    collisionProbability: j.collisionProbability,
  };
}

/** `explore --against-c` on rrLimited: every transition through the patch's C core. */
export function benchAgainstC(): { transitions: number; seconds: number; perSecond: number } {
  const cfg = PINNED_CONFIGS.rrLimited;
  const r = explore(cfg, model, { symmetry: true, maxDepth: null });
  const c = checkAgainstC(cfg, model, r.tree, r.expanded, buildHarness());
  if (c.difference !== null) throw new Error(`the C core differs: ${c.difference.command}`);
  return { transitions: c.transitions, seconds: c.seconds, perSecond: c.transitions / c.seconds };
}
