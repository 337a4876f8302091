import { metrics, type Metrics } from './metrics';
import { POLICIES } from './POLICIES';
import { runPolicy, STEERINGS, type RunLog } from './runPolicy';
import { WORKLOAD_NAMES, workload, type Workload } from './Workload';

/** The seed of the workloads `reuserps compare` reports, and the README's charts. */
export const COMPARE_SEED = 1;

/** One workload's runs: every policy under every steering. */
export interface WorkloadResult {
  readonly workload: Workload;
  readonly logs: readonly RunLog[];
  readonly metrics: readonly Metrics[];
}

/**
 * Replays the named workloads (all by default) through every policy under both steerings.
 * Throws on an unknown workload name.
 */
export function compare(
  names: readonly string[] = WORKLOAD_NAMES,
  seed = COMPARE_SEED,
): WorkloadResult[] {
  return names.map((name) => {
    const w = workload(name, seed);
    if (w === null) throw new RangeError(`no workload ${name}`);
    const logs = POLICIES.flatMap((p) => STEERINGS.map((s) => runPolicy(p, w, s)));
    return { workload: w, logs, metrics: logs.map(metrics) };
  });
}
