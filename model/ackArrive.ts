import { cookieAckArrive } from './cookieAckArrive';
import { migrateConn } from './migrateConn';
import type { Event, Result } from './Outcome';
import type { ConnId, State } from './State';
import { connOf, done, fail, patchSocket, putConn, sockOf, withConn } from './update';

/**
 * The handshake's final ACK for request `conn` is processed on `cpu` (`tcp_v4_rcv` for
 * TCP_NEW_SYN_RECV, `tcp_check_req`, `inet_csk_complete_hashdance`).
 *
 * An ACK that names a SYN cookie is `cookieAckArrive`'s. Otherwise, guard: `conn` is a live
 * request (`ENOENT`: the ACK finds nothing and is answered with RST).
 * If its listener stopped listening, a new one is chosen by the policy of `cpu`, the CPU
 * running the ACK, or the request is reset when none can take it
 * (`reuseport_migrate_sock`). If the accept queue of the listener that would get the child
 * holds more than its backlog, the ACK is dropped, as with `tcp_abort_on_overflow=0`, and
 * nothing else happens: a request whose listener closed does not migrate (the child is
 * never made, `tcp_v4_syn_recv_sock` failing on `sk_acceptq_is_full`), keeps its count
 * where it was, moves no cursor, and is tried again at its next ACK or timer. Otherwise the
 * request migrates (moving `cpu`'s cursor) and its child joins the queue, its CPU from now
 * on the ACK's.
 */
export function ackArrive(s: State, a: { conn: ConnId; cpu: number }): Result {
  const cookie = s.cookies.find((k) => k.id === a.conn);
  if (cookie !== undefined) return cookieAckArrive(s, cookie, a.cpu);
  let c = connOf(s, a.conn);
  if (c === undefined || c.phase !== 'request') return fail(s, 'ENOENT');
  let st = s;
  const events: Event[] = [];
  if (sockOf(st, c.owner).phase !== 'listening') {
    const moved = migrateConn(st, c, a.cpu, 'ack');
    if (moved.event.kind === 'reset') return done(moved.state, [moved.event]);
    const to = moved.event.kind === 'migrated' ? sockOf(moved.state, moved.event.to) : null;
    if (to !== null && to.acceptQueue.length > to.backlog) {
      return done(s, [{ kind: 'ackDropped', conn: c.id, listener: to.id }]);
    }
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
