import type { Run } from '../properties';
import { runToTrace } from '../trace/runToTrace';
import type { TraceFile } from '../trace/TraceFile';
import { vectorFile, vectorTest, type VectorFile } from '../vectors/generateVectors';

/**
 * A counterexample as a trace file that `reuserps run` replays, and as a one-test vector
 * file whose expectations are the reference model's (what the broken variant should have
 * done), or null when the reference model itself breaks a property on that run.
 */
export function counterexample(
  run: Run,
  description: string,
): { trace: TraceFile; vector: VectorFile | null } {
  const trace = runToTrace(run, description);
  try {
    const sc = { comment: description, flags: ['Counterexample'], steps: trace.steps };
    const { test } = vectorTest(1, sc, trace.cpus);
    return { trace, vector: vectorFile(0, [test], trace.cpus) };
  } catch {
    return { trace, vector: null };
  }
}
