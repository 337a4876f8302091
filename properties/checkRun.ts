import type { ModelApi, Property, Run } from './Property';

/** A property that a run breaks: which, where (the step index, or -1 for the initial state), why. */
export interface Violation {
  readonly property: string;
  readonly step: number;
  readonly reason: string;
}

/**
 * Checks `properties` over a run: state properties in every state, step properties on
 * every transition, then run properties. Returns the first violation, or null.
 */
export function checkRun(
  properties: readonly Property[],
  r: Run,
  model: ModelApi,
): Violation | null {
  for (const p of properties) {
    const reason = p.state?.(r.initial) ?? null;
    if (reason !== null) return { property: p.name, step: -1, reason };
  }
  for (const [i, t] of r.steps.entries()) {
    for (const p of properties) {
      const reason = p.step?.(t) ?? p.state?.(t.after) ?? null;
      if (reason !== null) return { property: p.name, step: i, reason };
    }
  }
  for (const p of properties) {
    const reason = p.run?.(r, model) ?? null;
    if (reason !== null) return { property: p.name, step: r.steps.length - 1, reason };
  }
  return null;
}
