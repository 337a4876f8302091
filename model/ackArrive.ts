import { migrateConn } from './migrateConn';
import type { Event, Result } from './Outcome';
import type { ConnId, State } from './State';
import { connOf, done, fail, patchSocket, putConn, sockOf, withConn } from './update';

/**
 * The handshake's final ACK for request `conn` is processed on `cpu` (`tcp_v4_rcv` for
 * TCP_NEW_SYN_RECV, `tcp_check_req`, `inet_csk_complete_hashdance`).
 *
 * Guard: `conn` is a live request (`ENOENT`: the ACK finds nothing and is answered with RST).
 * If its listener stopped listening, the request first migrates by the policy of `cpu`, the
 * CPU running the ACK (so its cursor moves), or is reset (`reuseport_migrate_sock`). Then,
 * if the listener's accept queue holds more than its backlog, the ACK is dropped and the
 * request stays, as with `tcp_abort_on_overflow=0`; otherwise the child joins the queue,
 * and its CPU from now on is the ACK's.
 */
export function ackArrive(s: State, a: { conn: ConnId; cpu: number }): Result {
  let c = connOf(s, a.conn);
  if (c === undefined || c.phase !== 'request') return fail(s, 'ENOENT');
  let st = s;
  const events: Event[] = [];
  if (sockOf(st, c.owner).phase !== 'listening') {
    const moved = migrateConn(st, c, a.cpu, 'ack');
    st = moved.state;
    events.push(moved.event);
    c = connOf(st, c.id);
    if (c === undefined) return done(st, events);
  }
  const l = sockOf(st, c.owner);
  if (l.acceptQueue.length > l.backlog) {
    return done(st, [...events, { kind: 'ackDropped', conn: c.id, listener: l.id }]);
  }
  // The child is made on the ACK's CPU: its sk_incoming_cpu (`sk_clone_lock`).
  st = putConn(st, withConn(c, { phase: 'queued', cpu: a.cpu }));
  st = patchSocket(st, l.id, { acceptQueue: [...l.acceptQueue, c.id] });
  return done(st, [...events, { kind: 'established', conn: c.id, listener: l.id }]);
}
