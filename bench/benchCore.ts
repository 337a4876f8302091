import { execFileSync } from 'node:child_process';
import { buildHarness } from '../harness/buildHarness';
import { TARGETS } from './TARGETS';

/** One case of the C core benchmark (harness/bench.c). */
export interface CoreCase {
  readonly listeners: number;
  readonly policy: 'round-robin' | 'fill-first';
  /** With all but the last listener of the row at its limit. */
  readonly limits: boolean;
  /** Median nanoseconds per selection by the table. */
  readonly ns: number;
  /** Median nanoseconds per selection by hash, in the same binary. */
  readonly hashNs: number;
  readonly ratio: number;
}

/**
 * The patch's C core against hash selection like `reuseport_select_sock_by_hash`, built
 * from patches/ with the same flags, for rows of 1, 8, 32 and 128 listeners.
 */
export function benchCore(): CoreCase[] {
  const out = execFileSync(buildHarness(null, 'bench.c'), { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CoreCase);
}

/** Whether a case meets its speed target, or null when it has none. */
export function coreTarget(c: CoreCase): { readonly limit: number; readonly met: boolean } | null {
  if (c.policy === 'round-robin' && !c.limits) {
    return { limit: TARGETS.coreRoundRobinRatio, met: c.ratio <= TARGETS.coreRoundRobinRatio };
  }
  if (c.policy === 'fill-first' && c.limits && c.listeners === 128) {
    return { limit: TARGETS.coreFillFirstRatio, met: c.ratio <= TARGETS.coreFillFirstRatio };
  }
  return null;
}
