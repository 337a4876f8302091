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

/** A state, unpacked: per listener, live and its count; per CPU, its row's cursor. */
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

/**
 * The state packed into one integer, as SPIN packs its state vector into bytes: mixed
 * radix, per listener 0 when closed or 1 + its count (base limit + 3, so that a count one
 * past the limit can still be told, by the invariant), then per CPU its cursor (base row
 * length). It is also the state's key, exact below 2^53.
 */
export function packTable(cfg: TableConfig, s: TableState): number {
  let k = 0;
  for (let i = 0; i < cfg.listeners; i++)
    k = k * (cfg.limit + 3) + (s.alive[i] === true ? 1 + (s.count[i] ?? 0) : 0);
  for (let c = 0; c < cfg.cpus; c++) k = k * rowLength(cfg) + (s.cursor[c] ?? 0);
  return k;
}

/** Reads packed state `k` into `digit` (per listener: 0 closed, else 1 + count) and `cursor`. */
function unpackInto(cfg: TableConfig, k: number, digit: Int32Array, cursor: Int32Array): void {
  const r = rowLength(cfg);
  for (let c = cfg.cpus - 1; c >= 0; c--, k = Math.floor(k / r)) cursor[c] = k % r;
  for (let i = cfg.listeners - 1; i >= 0; i--, k = Math.floor(k / (cfg.limit + 3)))
    digit[i] = k % (cfg.limit + 3);
}

/** The state {@link packTable} packed. */
export function unpackTable(cfg: TableConfig, k: number): TableState {
  const digit = new Int32Array(cfg.listeners);
  const cursor = new Int32Array(cfg.cpus);
  unpackInto(cfg, k, digit, cursor);
  return {
    alive: [...digit].map((d) => d > 0),
    count: [...digit].map((d) => Math.max(0, d - 1)),
    cursor: [...cursor],
  };
}

/**
 * The table model of `cfg` for the generic search, over packed states: a successor is the
 * packed state plus or minus a listener's or a cursor's place value, so no step allocates.
 */
export function tableModel(cfg: TableConfig): SearchModel<number> {
  const r = rowLength(cfg);
  const n = cfg.listeners;
  const base = cfg.limit + 3;
  // Place values: listener i's digit, then CPU c's cursor.
  const cursorPlace = Array.from({ length: cfg.cpus }, (_, c) => r ** (cfg.cpus - 1 - c));
  const place = Array.from({ length: n }, (_, i) => base ** (n - 1 - i) * r ** cfg.cpus);
  const digit = new Int32Array(n);
  const cursor = new Int32Array(cfg.cpus);
  const unpack = (k: number): void => unpackInto(cfg, k, digit, cursor);
  return {
    initial: [
      packTable(cfg, {
        alive: new Array<boolean>(n).fill(true),
        count: new Array<number>(n).fill(0),
        cursor: new Array<number>(cfg.cpus).fill(0),
      }),
    ],
    successors: (s) => {
      unpack(s);
      const out: number[] = [];
      for (let c = 0; c < cfg.cpus; c++) {
        // A SYN on CPU c: by the policy, to the first live listener of its row with room.
        const start = cfg.policy === POLICY_ROUND_ROBIN ? (cursor[c] ?? 0) : 0;
        for (let k = 0; k < r; k++) {
          const p = (start + k) % r;
          const i = at(cfg, c, p);
          const d = i === null ? 0 : (digit[i] ?? 0);
          if (i === null || d === 0 || d - 1 >= cfg.limit) continue;
          let t = s + (place[i] ?? 0);
          if (cfg.policy === POLICY_ROUND_ROBIN)
            t += (((p + 1) % r) - (cursor[c] ?? 0)) * (cursorPlace[c] ?? 0);
          out.push(t);
          break;
        }
      }
      for (let i = 0; i < n; i++) {
        const d = digit[i] ?? 0;
        const v = place[i] ?? 0;
        // A connection ends; the listener closes (its connections reset) or listens again.
        if (d > 1) out.push(s - v);
        out.push(d > 0 ? s - d * v : s + v);
      }
      return out;
    },
    key: (s) => s,
    // A closed listener owns nothing by its encoding; a count past the limit shows.
    invariant: (s) => {
      unpack(s);
      for (let i = 0; i < n; i++)
        if ((digit[i] ?? 0) - 1 > cfg.limit) return `listener ${i} owns more than its limit`;
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
