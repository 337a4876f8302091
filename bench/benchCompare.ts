import { compare } from '../compare/compare';
import { median } from './benchModel';

/** `reuserps compare` without output: every policy on every workload, median seconds of `rounds`. */
export function benchCompare(rounds: number): { readonly seconds: number; readonly runs: number } {
  const times: number[] = [];
  let runs = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    runs = compare().reduce((n, r) => n + r.logs.length, 0);
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), runs };
}
