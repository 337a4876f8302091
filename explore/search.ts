import { FingerprintSet } from './FingerprintSet';

/**
 * A model the generic search explores: initial states, the states one step away, a key
 * that tells states apart, and invariants. A key is an integer from 0 below 2^53 - 1: an
 * exact encoding, stored as two 32-bit words, so nothing collides.
 */
export interface SearchModel<S> {
  readonly initial: readonly S[];
  successors(s: S): readonly S[];
  key(s: S): number;
  /** Why `s` breaks an invariant, or null. */
  invariant(s: S): string | null;
}

/** What a search found. */
export interface SearchResult {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly violation: string | null;
  readonly seconds: number;
}

/**
 * Breadth-first search over every state `m` reaches, level by level, keeping only the
 * keys seen (in a typed-array set) and the frontier. Stops at the first broken invariant.
 */
export function search<S>(m: SearchModel<S>): SearchResult {
  const t0 = performance.now();
  const seen = new FingerprintSet();
  // One more than the key: the set keeps the value 0 for its empty slots.
  const add = (k: number): boolean => seen.add(Math.floor((k + 1) / 2 ** 32), (k + 1) >>> 0);
  let frontier: S[] = [];
  for (const s of m.initial) if (add(m.key(s))) frontier.push(s);
  let generated = 0;
  let depth = 0;
  let violation: string | null = null;
  for (const s of frontier) violation ??= m.invariant(s);
  while (frontier.length > 0 && violation === null) {
    const next: S[] = [];
    for (const s of frontier) {
      for (const t of m.successors(s)) {
        generated++;
        if (!add(m.key(t))) continue;
        violation = m.invariant(t);
        if (violation !== null) break;
        next.push(t);
      }
      if (violation !== null) break;
    }
    if (next.length > 0) depth++;
    frontier = next;
  }
  return {
    distinct: seen.size,
    generated,
    depth,
    violation,
    seconds: (performance.now() - t0) / 1000,
  };
}
