import type { Event, Outcome, ReuserpsOpt } from '../model';

/**
 * Whether two outcomes are equal: the same errno, or the same events in the same order
 * with the same extra answer (`sock`, `value`, `count`). Events are flat records of numbers and
 * strings, compared key by key. Written for speed, as {@link sameState} is: the explorer
 * compares an outcome on every transition it replays.
 */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a === b) return true;
  if (!a.ok || !b.ok) return !a.ok && !b.ok && a.errno === b.errno;
  if (a.sock !== b.sock || a.count !== b.count || !sameValue(a.value, b.value)) return false;
  if (a.events.length !== b.events.length) return false;
  for (let i = 0; i < a.events.length; i++) {
    if (!sameEvent(a.events[i] as Event, b.events[i] as Event)) return false;
  }
  return true;
}

function sameValue(a: ReuserpsOpt | null | undefined, b: ReuserpsOpt | null | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (a.policy !== b.policy || a.limit !== b.limit || a.mask.length !== b.mask.length) return false;
  return a.mask.every((cpu, i) => b.mask[i] === cpu);
}

function sameEvent(a: Event, b: Event): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    keys++;
  }
  for (const _key in y) keys--;
  return keys === 0;
}
