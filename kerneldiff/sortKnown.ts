import type { Disagreement } from './compareKernel';
import type { KnownDisagreement } from './KNOWN_DISAGREEMENTS';
import type { KernelTrace } from './KernelTrace';
import { traceKey } from './toWire';

/** Disagreements sorted against the open findings. */
export interface SortedDisagreements {
  /** Those no finding names: each fails the check. */
  readonly fresh: readonly Disagreement[];
  /** Those a finding names, with its text. */
  readonly known: readonly (Disagreement & { readonly finding: string })[];
  /** Findings whose trace ran and agreed at their step: each fails the check too. */
  readonly gone: readonly KnownDisagreement[];
  /** Intermittent findings whose trace ran and agreed this time: reported only. */
  readonly absent: readonly KnownDisagreement[];
}

/**
 * Splits disagreements into new ones and open findings, and finds the findings that no
 * longer show. A finding names its trace by {@link traceKey} and matches at its step,
 * whatever the field.
 */
export function sortKnown(
  traces: readonly KernelTrace[],
  found: readonly Disagreement[],
  findings: readonly KnownDisagreement[],
): SortedDisagreements {
  const keys = new Map(traces.map((t) => [t.id, traceKey(t)]));
  const match = (d: Disagreement): KnownDisagreement | undefined =>
    findings.find((k) => k.trace === keys.get(d.trace) && k.step === d.step);
  const fresh = found.filter((d) => match(d) === undefined);
  const known = found.flatMap((d) => {
    const k = match(d);
    return k === undefined ? [] : [{ ...d, finding: k.finding }];
  });
  const ran = new Set(keys.values());
  const agreed = findings.filter(
    (k) =>
      ran.has(k.trace) && !known.some((d) => keys.get(d.trace) === k.trace && d.step === k.step),
  );
  return {
    fresh,
    known,
    gone: agreed.filter((k) => k.intermittent !== true),
    absent: agreed.filter((k) => k.intermittent === true),
  };
}
