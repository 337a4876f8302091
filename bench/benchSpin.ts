import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY_FILL_FIRST, POLICY_ROUND_ROBIN } from '../model';
import { search } from '../explore/search';
import { tableModel, tablePromela, type TableConfig } from './tableModel';

/** The table model's configurations that the bench explores with both engines. */
export const SPIN_BENCH: readonly [string, TableConfig][] = [
  [
    '3 CPUs x 6 listeners, limit 3, round-robin',
    { cpus: 3, listeners: 6, limit: 3, policy: POLICY_ROUND_ROBIN },
  ],
  [
    '4 CPUs x 8 listeners, limit 2, fill-first',
    { cpus: 4, listeners: 8, limit: 2, policy: POLICY_FILL_FIRST },
  ],
];

/** One configuration explored by the generic search and by SPIN. */
export interface SpinFigure {
  readonly name: string;
  readonly distinct: number;
  readonly statesPerSecond: number;
  /** SPIN's stored states (one more than ours: its state before init), or null without SPIN. */
  readonly spinStates: number | null;
  readonly spinStatesPerSecond: number | null;
  /** SPIN's count is ours plus its pre-initial state. */
  readonly agree: boolean | null;
}

/**
 * Explores each configuration with the generic search and with SPIN (`spin -a`, then pan
 * built with -DBFS -DSAFETY: breadth-first, exhaustive storage, never hash compaction).
 * SPIN's rate is its stored states over its own elapsed time, which leaves out compiling.
 */
export function benchSpin(): SpinFigure[] {
  const have = spawnSync('spin', ['-V'], { encoding: 'utf8' }).status === 0;
  return SPIN_BENCH.map(([name, cfg]) => {
    const r = search(tableModel(cfg));
    if (r.violation !== null) throw new Error(`the table model broke an invariant: ${r.violation}`);
    const spin = have ? runSpin(cfg) : null;
    return {
      name,
      distinct: r.distinct,
      statesPerSecond: r.distinct / r.seconds,
      spinStates: spin?.states ?? null,
      spinStatesPerSecond: spin === null ? null : spin.states / Math.max(spin.seconds, 1e-3),
      agree: spin === null ? null : spin.states === r.distinct + 1,
    };
  });
}

function runSpin(cfg: TableConfig): { states: number; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'reuserps-spin-'));
  try {
    writeFileSync(join(dir, 'table.pml'), tablePromela(cfg));
    const run = (cmd: string, args: string[]): string => {
      const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0)
        throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    run('spin', ['-a', 'table.pml']);
    run('gcc', ['-O2', '-DBFS', '-DSAFETY', '-DMEMLIM=4096', '-o', 'pan', 'pan.c']);
    const out = run('./pan', []);
    const states = /(\d+) states, stored/.exec(out)?.[1];
    const seconds = /elapsed time ([\d.e+-]+) seconds/.exec(out)?.[1];
    if (states === undefined || seconds === undefined)
      throw new Error(`pan printed no state count:\n${out}`);
    return { states: Number(states), seconds: Number(seconds) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
