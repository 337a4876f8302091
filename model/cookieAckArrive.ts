import { lookupListener } from './lookupListener';
import type { Result } from './Outcome';
import type { Cookie, State } from './State';
import { bump, done, patchSocket, sockOf, withState } from './update';

/**
 * The ACK that returns a SYN cookie is processed on `cpu` (`tcp_v4_rcv`,
 * `cookie_v4_check`, `tcp_get_cookie_sock`). Called by `ackArrive` for an ACK that names a
 * cookie.
 *
 * The listener is looked up again, for this ACK's CPU, as for a SYN. No listener on the port:
 * the ACK is answered with RST and the cookie is gone. No listener with room: the ACK is
 * dropped at the limit (`cookie_reuserps_charge`, the SYN cookie's own limit check). A full
 * accept queue drops it too (`tcp_v4_syn_recv_sock`). A dropped ACK leaves the cookie with
 * the peer, whose next segment tries again. Otherwise the child is made at once: owned and
 * counted by the listener, queued, on this CPU, and only now does the choice move the
 * row's cursor (`reuseport_rps_commit` in `tcp_get_cookie_sock`).
 */
export function cookieAckArrive(s: State, cookie: Cookie, cpu: number): Result {
  const found = lookupListener(s, cookie.port, cpu, cookie.hash);
  let st = found.looked;
  if (found.via === null) {
    st = withState(bump(st, 'noListener'), { cookies: without(st, cookie) });
    return done(st, [{ kind: 'dropped', cpu, reason: 'noListener', listener: null }]);
  }
  if (found.listener === null) {
    return done(bump(st, 'limitDrops'), [
      { kind: 'dropped', cpu, reason: 'limit', listener: null },
    ]);
  }
  const l = sockOf(st, found.listener);
  if (l.acceptQueue.length > l.backlog) {
    st = bump(st, 'overflows');
    return done(st, [{ kind: 'dropped', cpu, reason: 'acceptQueueFull', listener: l.id }]);
  }
  const conn = { id: cookie.id, cpu, hash: cookie.hash, owner: l.id, phase: 'queued' as const };
  st = found.commit(st);
  const conns = [...st.conns, conn].sort((x, y) => x.id - y.id);
  st = withState(st, { conns, cookies: without(st, cookie) });
  st = patchSocket(st, l.id, { count: l.count + 1, acceptQueue: [...l.acceptQueue, conn.id] });
  return done(st, [
    { kind: 'placed', conn: conn.id, listener: l.id, cpu, via: found.via },
    { kind: 'established', conn: conn.id, listener: l.id },
  ]);
}

/** The cookies of `s` but this one. */
function without(s: State, cookie: Cookie): State['cookies'] {
  return s.cookies.filter((c) => c.id !== cookie.id);
}
