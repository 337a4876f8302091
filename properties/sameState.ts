import type { Conn, Cookie, Counters, Group, ReuserpsOpt, Socket, State, Table } from '../model';

/**
 * Whether two states are equal, field by field. It stops at the first difference and at
 * parts the two share (a step copies only what it changes), so the explorer can replay
 * every transition it computes. test/sameState.test.ts changes each field of a state in
 * turn and checks that the change is seen, so a field added to the model and forgotten
 * here fails a test.
 */
export function sameState(a: State, b: State): boolean {
  return (
    a === b ||
    (a.cpus === b.cpus &&
      a.migrateReq === b.migrateReq &&
      a.syncookies === b.syncookies &&
      a.nextConn === b.nextConn &&
      a.nextGroup === b.nextGroup &&
      sameCounters(a.counters, b.counters) &&
      sameList(a.sockets, b.sockets, sameSocket) &&
      sameList(a.groups, b.groups, sameGroup) &&
      sameList(a.conns, b.conns, sameConn) &&
      sameList(a.cookies, b.cookies, sameCookie))
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i] as T, b[i] as T)) return false;
  return true;
}

const sameNumber = (x: number, y: number): boolean => x === y;
const sameRow = (x: readonly number[], y: readonly number[]): boolean => sameList(x, y, sameNumber);

function sameCounters(a: Counters, b: Counters): boolean {
  return (
    a === b ||
    (a.limitDrops === b.limitDrops &&
      a.overflows === b.overflows &&
      a.noListener === b.noListener &&
      a.fallbacks === b.fallbacks &&
      a.migrations === b.migrations &&
      a.resets === b.resets &&
      a.expired === b.expired)
  );
}

function sameOpt(a: ReuserpsOpt | null, b: ReuserpsOpt | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return a.policy === b.policy && a.limit === b.limit && sameRow(a.mask, b.mask);
}

function sameSocket(a: Socket, b: Socket): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.uid === b.uid &&
      a.proto === b.proto &&
      a.phase === b.phase &&
      a.reuseport === b.reuseport &&
      sameOpt(a.rps, b.rps) &&
      a.port === b.port &&
      a.portLocked === b.portLocked &&
      a.backlog === b.backlog &&
      a.group === b.group &&
      a.count === b.count &&
      sameRow(a.acceptQueue, b.acceptQueue) &&
      a.prog === b.prog)
  );
}

function sameTable(a: Table | null, b: Table | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return (
    a.policy === b.policy && sameList(a.rows, b.rows, sameRow) && sameRow(a.cursors, b.cursors)
  );
}

function sameGroup(a: Group, b: Group): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.port === b.port &&
      sameRow(a.members, b.members) &&
      sameTable(a.table, b.table) &&
      a.prog === b.prog)
  );
}

function sameConn(a: Conn, b: Conn): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.cpu === b.cpu &&
      a.hash === b.hash &&
      a.owner === b.owner &&
      a.phase === b.phase)
  );
}

function sameCookie(a: Cookie, b: Cookie): boolean {
  return a === b || (a.id === b.id && a.port === b.port && a.hash === b.hash);
}
