import { POLICY_FILL_FIRST, POLICY_ROUND_ROBIN, type Policy } from '../model';
import type { SearchModel } from '../explore/search';

/**
 * A small benchmark model for comparing the generic search with SPIN: the per-CPU table of
 * SO_REUSERPS and nothing else. Listener i is registered for CPU i mod `cpus`, so row c
 * holds listeners c, c + cpus, ... in order. A SYN on CPU c goes, by the policy, to the
 * first live listener of row c below its limit (round-robin from the row's cursor, which
 * then moves past it; fill-first from the row's start), or is dropped; a connection of a
 * listener ends; a listener closes (its connections reset) and listens again.
 */
export interface TableConfig {
  readonly cpus: number;
  readonly listeners: number;
  readonly limit: number;
  readonly policy: Policy;
}

/** A state: per listener, live and its count; per CPU, its row's cursor. */
export interface TableState {
  readonly alive: readonly boolean[];
  readonly count: readonly number[];
  readonly cursor: readonly number[];
}

/** Row length: the listeners of one CPU. */
function rowLength(cfg: TableConfig): number {
  return Math.ceil(cfg.listeners / cfg.cpus);
}

/** The listener at position p of row c, or null past the row's end. */
function at(cfg: TableConfig, c: number, p: number): number | null {
  const i = c + p * cfg.cpus;
  return i < cfg.listeners ? i : null;
}

/** A SYN on CPU c: the next state, or null when it is dropped (nothing changes). */
function synOn(cfg: TableConfig, s: TableState, c: number): TableState | null {
  const r = rowLength(cfg);
  const start = cfg.policy === POLICY_ROUND_ROBIN ? (s.cursor[c] ?? 0) : 0;
  for (let k = 0; k < r; k++) {
    const p = (start + k) % r;
    const i = at(cfg, c, p);
    if (i === null || s.alive[i] !== true || (s.count[i] ?? 0) >= cfg.limit) continue;
    const count = [...s.count];
    count[i] = (count[i] ?? 0) + 1;
    const cursor = [...s.cursor];
    if (cfg.policy === POLICY_ROUND_ROBIN) cursor[c] = (p + 1) % r;
    return { alive: s.alive, count, cursor };
  }
  return null;
}

/** The table model of `cfg` for the generic search. */
export function tableModel(cfg: TableConfig): SearchModel<TableState> {
  const r = rowLength(cfg);
  const n = cfg.listeners;
  return {
    initial: [
      {
        alive: new Array<boolean>(n).fill(true),
        count: new Array<number>(n).fill(0),
        cursor: new Array<number>(cfg.cpus).fill(0),
      },
    ],
    successors: (s) => {
      const out: TableState[] = [];
      for (let c = 0; c < cfg.cpus; c++) {
        const t = synOn(cfg, s, c);
        if (t !== null) out.push(t);
      }
      for (let i = 0; i < n; i++) {
        const count = s.count[i] ?? 0;
        if (count > 0) {
          const next = [...s.count];
          next[i] = count - 1;
          out.push({ ...s, count: next });
        }
        const alive = [...s.alive];
        alive[i] = !alive[i];
        const next = [...s.count];
        next[i] = 0;
        out.push({ ...s, alive, count: next });
      }
      return out;
    },
    // Mixed radix: alive bits, counts in base limit + 1, cursors in base row length.
    key: (s) => {
      let k = 0;
      for (let i = 0; i < n; i++) k = k * 2 + (s.alive[i] === true ? 1 : 0);
      for (let i = 0; i < n; i++) k = k * (cfg.limit + 1) + (s.count[i] ?? 0);
      for (let c = 0; c < cfg.cpus; c++) k = k * r + (s.cursor[c] ?? 0);
      return k;
    },
    invariant: (s) => {
      for (let i = 0; i < n; i++) {
        if ((s.count[i] ?? 0) > cfg.limit) return `listener ${i} owns more than its limit`;
        if (s.alive[i] !== true && (s.count[i] ?? 0) > 0)
          return `closed listener ${i} owns connections`;
      }
      return null;
    },
  };
}

/** The same model in Promela, each action one d_step, so that SPIN stores only whole steps. */
export function tablePromela(cfg: TableConfig): string {
  const r = rowLength(cfg);
  const n = cfg.listeners;
  const out = [
    `/* The SO_REUSERPS table model of bench/tableModel.ts: ${cfg.cpus} CPUs, ${n} listeners, limit ${cfg.limit}, ${cfg.policy === POLICY_FILL_FIRST ? 'fill-first' : 'round-robin'}. */`,
    `byte cnt[${n}]; bit alive[${n}]; byte cur[${cfg.cpus}];`,
    'init {',
    `  d_step { ${Array.from({ length: n }, (_, i) => `alive[${i}] = 1`).join('; ')} };`,
    '  do',
  ];
  for (let c = 0; c < cfg.cpus; c++) {
    const branches: string[] = [];
    const starts = cfg.policy === POLICY_ROUND_ROBIN ? r : 1;
    for (let q = 0; q < starts; q++) {
      const scan: string[] = [];
      for (let k = 0; k < r; k++) {
        const p = (q + k) % r;
        const i = at(cfg, c, p);
        if (i === null) continue;
        const move = cfg.policy === POLICY_ROUND_ROBIN ? `; cur[${c}] = ${(p + 1) % r}` : '';
        scan.push(`:: alive[${i}] && cnt[${i}] < ${cfg.limit} -> cnt[${i}]++${move}`);
      }
      const guard = cfg.policy === POLICY_ROUND_ROBIN ? `cur[${c}] == ${q}` : 'true';
      branches.push(`:: ${guard} -> if ${scan.join(' ')} :: else -> skip fi`);
    }
    out.push(`  :: d_step { if ${branches.join(' ')} fi }`);
  }
  for (let i = 0; i < n; i++) {
    out.push(`  :: d_step { cnt[${i}] > 0 -> cnt[${i}]-- }`);
    out.push(`  :: d_step { alive[${i}] -> alive[${i}] = 0; cnt[${i}] = 0 }`);
    out.push(`  :: d_step { !alive[${i}] -> alive[${i}] = 1 }`);
  }
  out.push('  od', '}', '');
  return out.join('\n');
}
