import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';

/** How long the command line takes to start and answer: `reuserps properties`, whole. */
export interface StartupFigure {
  /** Median seconds over the rounds. */
  readonly median: number;
  readonly rounds: readonly number[];
  /** Whether the compiled copy in dist/ ran (false: ts-node compiled the sources). */
  readonly compiled: boolean;
}

/** Runs `node bin/reuserps.js properties` `rounds` times, each a new process. */
export function benchStartup(rounds: number): StartupFigure {
  const root = packageRoot(__dirname);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'reuserps.js'), 'properties']);
    if (r.status !== 0) throw new Error(`reuserps properties failed: ${String(r.stderr)}`);
    times.push((performance.now() - t0) / 1000);
  }
  const how = spawnSync(process.execPath, [join(root, 'bin', 'reuserps.js'), 'properties'], {
    env: { ...process.env, REUSERPS_SAY_HOW: '1' },
    encoding: 'utf8',
  });
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    rounds: times,
    compiled: how.stderr.includes('compiled'),
  };
}
