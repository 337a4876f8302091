import { execFileSync } from 'node:child_process';
import { buildHarness } from '../harness/buildHarness';

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
  if (c.policy === 'round-robin' && !c.limits) return { limit: 1.2, met: c.ratio <= 1.2 };
  if (c.policy === 'fill-first' && c.limits && c.listeners === 128) {
    return { limit: 2, met: c.ratio <= 2 };
  }
  return null;
}
