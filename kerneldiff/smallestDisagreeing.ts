import type { Disagreement } from './compareKernel';
import type { KernelTrace } from './KernelTrace';
import { originOf } from './shrinkCandidates';

/**
 * For each trace that candidates were cut from, the smallest candidate that still
 * disagrees with the model, and how it disagrees; a trace none of whose candidates
 * disagrees again is absent (its disagreement came and went).
 */
export function smallestDisagreeing(
  candidates: readonly KernelTrace[],
  found: readonly Disagreement[],
): Map<number, { readonly trace: KernelTrace; readonly disagreement: Disagreement }> {
  const best = new Map<number, { trace: KernelTrace; disagreement: Disagreement }>();
  for (const d of found) {
    const trace = candidates.find((c) => c.id === d.trace);
    if (trace === undefined) continue;
    const origin = originOf(d.trace);
    const now = best.get(origin);
    if (now === undefined || trace.actions.length < now.trace.actions.length)
      best.set(origin, { trace, disagreement: d });
  }
  return best;
}
