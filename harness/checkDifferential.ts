import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import * as model from '../model';
import { buildRun, scenarioArb } from '../suite/Scenario';
import { runToTrace } from '../trace/runToTrace';
import type { TraceFile } from '../trace/TraceFile';
import { runToExchanges, type Exchange } from './exchanges';

/** Where the C core first parted from the model. */
export interface Divergence {
  readonly step: number;
  readonly command: string;
  readonly expected: string;
  readonly got: string;
}

/** What the differential check found. */
export interface DifferentialReport {
  readonly divergence: Divergence | null;
  /** The shrunk run on which they parted, as a trace file. */
  readonly trace: TraceFile | null;
  readonly runs: number;
  readonly commands: number;
  readonly seed: number;
}

/** Runs the exchanges of one model run through a driver; the first mismatch, or null. */
export function compareWithDriver(
  driver: string,
  exchanges: readonly Exchange[],
): Divergence | null {
  const r = spawnSync(driver, {
    input: exchanges.map((x) => x.command).join('\n') + '\n',
    encoding: 'utf8',
  });
  const lines = r.stdout.split('\n');
  if (r.status !== 0) {
    // A crash is a divergence too: at the first command that got no answer.
    const at = exchanges[Math.min(lines.length - 1, exchanges.length - 1)];
    const why = r.stderr.split('\n')[0] ?? '';
    const got = `driver died (${r.signal ?? `exit ${r.status}`})${why === '' ? '' : `: ${why}`}`;
    return { step: at?.step ?? -1, command: at?.command ?? '', expected: at?.expect ?? '', got };
  }
  for (const [i, x] of exchanges.entries()) {
    const got = lines[i] ?? '(nothing)';
    if (got !== x.expect) return { step: x.step, command: x.command, expected: x.expect, got };
  }
  return null;
}

/**
 * The differential property: over random runs of the model (the property suite's own
 * generator), the C core makes the same choices and keeps the same tables and counts.
 */
export function checkDifferential(
  driver: string,
  numRuns: number,
  seed?: number,
  shrink = true,
): DifferentialReport {
  const s = seed ?? Date.now() % 2 ** 31;
  let runs = 0;
  let commands = 0;
  let last: { divergence: Divergence; trace: TraceFile } | null = null;
  fc.check(
    fc.property(scenarioArb(), (sc) => {
      const run = buildRun(model, sc);
      const exchanges = runToExchanges(run);
      runs++;
      commands += exchanges.length;
      const d = compareWithDriver(driver, exchanges);
      if (d !== null)
        last = {
          divergence: d,
          trace: runToTrace(run, `C core parts from the model at step ${d.step}: ${d.command}`),
        };
      return d === null;
    }),
    { numRuns, seed: s, endOnFailure: !shrink },
  );
  const found = last as { divergence: Divergence; trace: TraceFile } | null;
  return {
    divergence: found?.divergence ?? null,
    trace: found?.trace ?? null,
    runs,
    commands,
    seed: s,
  };
}
