/*
 * Moving a connection off a listener that stopped listening. Internal to model/.
 */
import { chooseListener } from './chooseListener';
import type { Event, MigrationPoint } from './Outcome';
import type { Conn, State } from './State';
import {
  bump,
  dropConn,
  groupOf,
  patchSocket,
  putConn,
  putGroup,
  sockOf,
  withConn,
  withGroup,
  withTable,
} from './update';

/**
 * Moves `c` from its owner, which no longer listens, to the listener its group's policy
 * chooses for `cpu`, or resets it when none can take it (`reuseport_migrate_sock`). A
 * SO_REUSERPS group always migrates; a plain group only with `tcp_migrate_req`; a listener
 * that was in no group never does. The count moves with the connection, and a queued child
 * joins the end of its new listener's accept queue even when that queue is full, as
 * `inet_csk_reqsk_queue_add` does. The caller empties the old listener's queue.
 *
 * At an ACK or a timer (`spread` absent) the choice runs in CPU `cpu`'s softirq and moves
 * its row's cursor. At close (`spread` given) it runs elsewhere and must not: it chooses
 * from the local positions `spread` (one per CPU, starting at each row's cursor), so that
 * successive children of one CPU are handed out as successive SYNs there would be, and
 * returns them moved (`reuserps_spread_sock` with the closing listener's positions).
 */
export function migrateConn(
  s: State,
  c: Conn,
  cpu: number,
  at: MigrationPoint,
  spread?: readonly number[],
): { readonly state: State; readonly event: Event; readonly spread?: readonly number[] } {
  const from = sockOf(s, c.owner);
  const g = groupOf(s, from.group);
  const view =
    g === undefined || g.table === null || spread === undefined
      ? g
      : withGroup(g, { table: withTable(g.table, { cursors: spread }) });
  const choice =
    view !== undefined && (view.table !== null || s.migrateReq)
      ? chooseListener(s, view, cpu, c.hash)
      : null;
  const moved =
    spread === undefined
      ? {}
      : { spread: (choice?.listener == null ? null : choice.group.table?.cursors) ?? spread };
  let st = patchSocket(s, from.id, { count: from.count - 1 });
  if (choice === null || choice.listener === null) {
    st = bump(dropConn(st, c.id), 'resets');
    return { state: st, event: { kind: 'reset', conn: c.id, from: from.id, cpu, at }, ...moved };
  }
  const to = sockOf(st, choice.listener);
  if (spread === undefined) st = putGroup(st, choice.group);
  st = patchSocket(st, to.id, {
    count: to.count + 1,
    acceptQueue: c.phase === 'queued' ? [...to.acceptQueue, c.id] : to.acceptQueue,
  });
  st = bump(putConn(st, withConn(c, { owner: to.id })), 'migrations');
  if (choice.via === 'hash' && choice.group.table !== null) st = bump(st, 'fallbacks');
  return {
    state: st,
    event: { kind: 'migrated', conn: c.id, from: from.id, to: to.id, cpu, via: choice.via, at },
    ...moved,
  };
}
