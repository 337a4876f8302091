import { KERNEL_TICKS } from './KERNEL_RUNS';
import { workload, type Workload } from './Workload';

/**
 * The part of workload `name` of `seed` that a kernel replays (its first
 * {@link KERNEL_TICKS} ticks), or null for a name a kernel does not run. The simulator's
 * figures beside the kernel's come from this same prefix.
 */
export function kernelWorkload(name: string, seed: number): Workload | null {
  const ticks = KERNEL_TICKS[name];
  const w = workload(name, seed);
  if (w === null || ticks === undefined) return null;
  return { ...w, ticks, events: w.events.filter((e) => e.t < ticks) };
}
