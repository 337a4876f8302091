import type { ModelApi } from '../properties';
import { parseTrace } from '../trace/parseTrace';
import { runTrace } from '../trace/runTrace';
import type { VectorTest } from './generateVectors';

/** A vector test with the settings of the group it runs in. */
export interface GroupedTest {
  readonly test: VectorTest;
  readonly cpus: number;
  readonly syncookies: boolean;
}

/** Whether a model fails to meet some expectation of a vector test. */
export function fails(api: ModelApi, { test, cpus, syncookies }: GroupedTest): boolean {
  const trace = parseTrace(
    JSON.stringify({ cpus, tcpMigrateReq: false, tcpSyncookies: syncookies, steps: test.steps }),
    `tcId ${test.tcId}`,
  );
  return runTrace(trace, api).mismatches.length > 0;
}

/**
 * Which tests each mutant fails: its name to the tcIds of the vectors that tell it from
 * the model (empty when none does).
 */
export function killTable(
  tests: readonly GroupedTest[],
  mutants: ReadonlyMap<string, ModelApi>,
): Map<string, number[]> {
  const table = new Map<string, number[]>();
  for (const [name, api] of mutants) {
    table.set(
      name,
      tests.filter((t) => fails(api, t)).map((t) => t.test.tcId),
    );
  }
  return table;
}
