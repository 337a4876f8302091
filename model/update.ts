/*
 * Small immutable updates of the state, shared by the actions. Internal to model/.
 */
import type { Errno, Event, Outcome, Result } from './Outcome';
import type { Conn, ConnId, Counters, Group, GroupId, Socket, SockId, State, Table } from './State';

/** The socket with this id; throws on an id that was never handed out (a broken caller). */
export function sockOf(s: State, id: SockId): Socket {
  const sock = s.sockets[id];
  if (sock === undefined) throw new RangeError(`no socket ${id}`);
  return sock;
}

/*
 * Copies with some fields replaced: an action never changes a state in place, so that a
 * state before an action can be compared with the state after it. Each copy writes every
 * field out in the order of its interface (why that order matters to the tools is in
 * bench/benchExplore.ts).
 */

/** A copy of the state with some fields replaced. */
export function withState(s: State, p: Partial<State>): State {
  return {
    cpus: s.cpus,
    migrateReq: s.migrateReq,
    syncookies: s.syncookies,
    sockets: p.sockets ?? s.sockets,
    groups: p.groups ?? s.groups,
    conns: p.conns ?? s.conns,
    cookies: p.cookies ?? s.cookies,
    nextConn: p.nextConn ?? s.nextConn,
    nextGroup: p.nextGroup ?? s.nextGroup,
    counters: p.counters ?? s.counters,
  };
}

/** A copy of a socket with some fields replaced. */
export function withSocket(k: Socket, p: Partial<Socket>): Socket {
  return {
    id: k.id,
    uid: k.uid,
    proto: k.proto,
    phase: p.phase ?? k.phase,
    reuseport: p.reuseport ?? k.reuseport,
    rps: p.rps !== undefined ? p.rps : k.rps,
    port: p.port !== undefined ? p.port : k.port,
    portLocked: p.portLocked ?? k.portLocked,
    backlog: p.backlog ?? k.backlog,
    group: p.group !== undefined ? p.group : k.group,
    count: p.count ?? k.count,
    acceptQueue: p.acceptQueue ?? k.acceptQueue,
    prog: p.prog ?? k.prog,
  };
}

/** A copy of a group with some fields replaced. */
export function withGroup(g: Group, p: Partial<Group>): Group {
  return {
    id: g.id,
    port: g.port,
    members: p.members ?? g.members,
    table: p.table !== undefined ? p.table : g.table,
    prog: p.prog ?? g.prog,
  };
}

/** A copy of a table with some fields replaced. */
export function withTable(t: Table, p: Partial<Table>): Table {
  return { policy: t.policy, rows: p.rows ?? t.rows, cursors: p.cursors ?? t.cursors };
}

/** A copy of a connection with some fields replaced. */
export function withConn(c: Conn, p: Partial<Conn>): Conn {
  return {
    id: c.id,
    cpu: p.cpu ?? c.cpu,
    hash: c.hash,
    owner: p.owner ?? c.owner,
    phase: p.phase ?? c.phase,
  };
}

/** A copy of the state with some fields of one socket replaced. */
export function patchSocket(s: State, id: SockId, patch: Partial<Socket>): State {
  const sockets = s.sockets.slice();
  sockets[id] = withSocket(sockOf(s, id), patch);
  return withState(s, { sockets });
}

/** The live group with this id, or undefined once its last listener left. */
export function groupOf(s: State, id: GroupId | null): Group | undefined {
  return id === null ? undefined : s.groups.find((g) => g.id === id);
}

/** A copy of the state with this group replaced, added, or removed when it has no members. */
export function putGroup(s: State, g: Group): State {
  const others = s.groups.filter((o) => o.id !== g.id);
  if (g.members.length === 0) return withState(s, { groups: others });
  return withState(s, { groups: [...others, g].sort((a, b) => a.id - b.id) });
}

/** The live connection with this id, or undefined. */
export function connOf(s: State, id: ConnId): Conn | undefined {
  return s.conns.find((c) => c.id === id);
}

/** A copy of the state with this connection replaced. */
export function putConn(s: State, c: Conn): State {
  return withState(s, { conns: s.conns.map((o) => (o.id === c.id ? c : o)) });
}

/** A copy of the state without this connection. */
export function dropConn(s: State, id: ConnId): State {
  return withState(s, { conns: s.conns.filter((o) => o.id !== id) });
}

/** A copy of the state with one counter raised by one. */
export function bump(s: State, counter: keyof Counters): State {
  const c = s.counters;
  const counters: { -readonly [K in keyof Counters]: number } = {
    limitDrops: c.limitDrops,
    overflows: c.overflows,
    noListener: c.noListener,
    fallbacks: c.fallbacks,
    migrations: c.migrations,
    resets: c.resets,
    expired: c.expired,
  };
  counters[counter]++;
  return withState(s, { counters });
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
