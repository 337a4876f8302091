/*
 * The SO_REUSERPS per-CPU table: rows of listeners in registration order, compacted in
 * order on removal, with a round-robin cursor per row that follows the listener it points
 * at. Internal to model/; the patch's C core (net/core/sock_reuserps.c) mirrors it.
 */
import { ROW_MAX, type Policy, type SockId, type Table } from './State';

/** An empty table for `cpus` CPUs (`reuserps_alloc` in the patch). */
export function tableCreate(cpus: number, policy: Policy): Table {
  const rows: SockId[][] = [];
  const cursors: number[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    rows.push([]);
    cursors.push(0);
  }
  return { policy, rows, cursors };
}

/** Whether registering `id` for `mask` would put a 129th listener in some row. */
export function tableWouldOverflow(t: Table, id: SockId, mask: readonly number[]): boolean {
  return mask.some((cpu) => {
    const row = t.rows[cpu] ?? [];
    return !row.includes(id) && row.length >= ROW_MAX;
  });
}

/**
 * The table with `id` registered for exactly the CPUs of `mask`: it keeps its place in
 * the rows it stays in, is appended to the rows it joins, and leaves the others, which
 * close up in order (`__reuserps_update` in the patch).
 */
export function tableSet(t: Table, id: SockId, mask: readonly number[]): Table {
  const rows = t.rows.slice();
  const cursors = t.cursors.slice();
  for (let cpu = 0; cpu < rows.length; cpu++) {
    const row = rows[cpu] ?? [];
    const wanted = mask.includes(cpu);
    const at = row.indexOf(id);
    if (wanted && at < 0) {
      rows[cpu] = [...row, id];
    } else if (!wanted && at >= 0) {
      rows[cpu] = [...row.slice(0, at), ...row.slice(at + 1)];
      cursors[cpu] = cursorAfterRemoval(cursors[cpu] ?? 0, at, row.length - 1);
    }
  }
  return { policy: t.policy, rows, cursors };
}

/** The table with `id` in no row (`__reuserps_remove` in the patch). */
export function tableRemove(t: Table, id: SockId): Table {
  return tableSet(t, id, []);
}

/**
 * Where a cursor points once the entry at `removed` is gone from a row that now holds
 * `len` entries: it stays with the listener it pointed at, so a removal before it shifts
 * it back by one, and a cursor past the end wraps to 0.
 */
function cursorAfterRemoval(cursor: number, removed: number, len: number): number {
  const moved = removed < cursor ? cursor - 1 : cursor;
  return moved >= len ? 0 : moved;
}
