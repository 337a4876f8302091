/*
 * Small immutable updates of the state, shared by the actions. Internal to model/.
 */
import type { Errno, Event, Outcome, Result } from './Outcome';
import type { Conn, ConnId, Counters, Group, GroupId, Socket, SockId, State } from './State';

/** The socket with this id; throws on an id that was never handed out (a broken caller). */
export function sockOf(s: State, id: SockId): Socket {
  const sock = s.sockets[id];
  if (sock === undefined) throw new RangeError(`no socket ${id}`);
  return sock;
}

/** A copy of the state with some fields of one socket replaced. */
export function patchSocket(s: State, id: SockId, patch: Partial<Socket>): State {
  const sockets = s.sockets.slice();
  sockets[id] = { ...sockOf(s, id), ...patch };
  return { ...s, sockets };
}

/** The live group with this id, or undefined once its last listener left. */
export function groupOf(s: State, id: GroupId | null): Group | undefined {
  return id === null ? undefined : s.groups.find((g) => g.id === id);
}

/** A copy of the state with this group replaced, added, or removed when it has no members. */
export function putGroup(s: State, g: Group): State {
  const others = s.groups.filter((o) => o.id !== g.id);
  if (g.members.length === 0) return { ...s, groups: others };
  return { ...s, groups: [...others, g].sort((a, b) => a.id - b.id) };
}

/** The live connection with this id, or undefined. */
export function connOf(s: State, id: ConnId): Conn | undefined {
  return s.conns.find((c) => c.id === id);
}

/** A copy of the state with this connection replaced. */
export function putConn(s: State, c: Conn): State {
  return { ...s, conns: s.conns.map((o) => (o.id === c.id ? c : o)) };
}

/** A copy of the state without this connection. */
export function dropConn(s: State, id: ConnId): State {
  return { ...s, conns: s.conns.filter((o) => o.id !== id) };
}

/** A copy of the state with one counter raised by one. */
export function bump(s: State, counter: keyof Counters): State {
  return { ...s, counters: { ...s.counters, [counter]: s.counters[counter] + 1 } };
}

/** The result of an action whose guard failed: the state is unchanged. */
export function fail(s: State, errno: Errno): Result {
  return { state: s, outcome: { ok: false, errno } };
}

/** The result of an action that ran. */
export function done(
  s: State,
  events: readonly Event[] = [],
  extra: Omit<Extract<Outcome, { ok: true }>, 'ok' | 'events'> = {},
): Result {
  return { state: s, outcome: { ok: true, events, ...extra } };
}
