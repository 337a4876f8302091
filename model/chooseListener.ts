/*
 * The choice of a listener for a connection processed on one CPU: the heart of the option.
 * Internal to model/.
 */
import type { Via } from './Outcome';
import { POLICY_FILL_FIRST, type Group, type Socket, type SockId, type State } from './State';
import { sockOf, withGroup, withTable } from './update';

/** A listener was found (with the group as the choice leaves it), or none could be. */
export type Choice =
  | { readonly listener: SockId; readonly via: Via; readonly group: Group }
  | { readonly listener: null; readonly via: Via | null };

/** Whether a listener may own one more connection: no limit, or its count below it. */
export function belowLimit(sock: Socket): boolean {
  const limit = sock.rps?.limit ?? 0;
  return limit === 0 || sock.count < limit;
}

/** `reciprocal_scale()`: maps a 32-bit hash onto 0 to n - 1 by its high bits. */
export function reciprocalScale(hash: number, n: number): number {
  return Math.floor((hash * n) / 2 ** 32);
}

/**
 * Chooses where a connection of flow `hash`, processed on `cpu`, goes in group `g`.
 * A plain group selects by hash (`reuseport_select_sock_by_hash`). A SO_REUSERPS group
 * serves the CPU's row by its policy, and falls back to hash selection over the members
 * below their limit only when the row is empty; a non-empty row whose listeners are all at
 * their limit yields none, never another CPU's listener. The group returned has the CPU's
 * cursor moved past a round-robin choice; the caller decides whether that move is kept
 * (a lookup commits it only once something is made; a close keeps it only as its local
 * spread position).
 */
export function chooseListener(s: State, g: Group, cpu: number, hash: number): Choice {
  const t = g.table;
  if (t === null) return byHash(s, g, hash, () => true);
  const row = t.rows[cpu] ?? [];
  if (row.length === 0) return byHash(s, g, hash, belowLimit);
  if (t.policy === POLICY_FILL_FIRST) {
    const first = row.find((id) => belowLimit(sockOf(s, id)));
    return first === undefined
      ? { listener: null, via: 'row' }
      : { listener: first, via: 'row', group: g };
  }
  const start = t.cursors[cpu] ?? 0;
  for (let k = 0; k < row.length; k++) {
    const at = (start + k) % row.length;
    const id = row[at] as SockId;
    if (!belowLimit(sockOf(s, id))) continue;
    const cursors = t.cursors.slice();
    cursors[cpu] = (at + 1) % row.length;
    return { listener: id, via: 'row', group: withGroup(g, { table: withTable(t, { cursors }) }) };
  }
  return { listener: null, via: 'row' };
}

/**
 * `reuseport_select_sock_by_hash()`: start at the hash's slot in `socks[]` and take the
 * first member that may take the connection, as Linux skips a member in the wrong state.
 */
function byHash(s: State, g: Group, hash: number, eligible: (sock: Socket) => boolean): Choice {
  const n = g.members.length;
  if (n === 0) return { listener: null, via: null };
  const start = reciprocalScale(hash, n);
  for (let k = 0; k < n; k++) {
    const id = g.members[(start + k) % n] as SockId;
    if (eligible(sockOf(s, id))) return { listener: id, via: 'hash', group: g };
  }
  return { listener: null, via: 'hash' };
}
