import type { Property } from '../properties';

/**
 * Wraps properties so that the time spent checking each is added up in `spent`, by name.
 */
export function timedProperties(
  properties: readonly Property[],
  spent: Map<string, number>,
): Property[] {
  return properties.map((p) => {
    const time =
      <A extends unknown[]>(f: ((...args: A) => string | null) | undefined) =>
      (...args: A): string | null => {
        const t0 = performance.now();
        const reason = f?.(...args) ?? null;
        spent.set(p.name, (spent.get(p.name) ?? 0) + performance.now() - t0);
        return reason;
      };
    return {
      name: p.name,
      prose: p.prose,
      ...(p.state === undefined ? {} : { state: time(p.state) }),
      ...(p.step === undefined ? {} : { step: time(p.step) }),
      ...(p.run === undefined ? {} : { run: time(p.run) }),
    };
  });
}
