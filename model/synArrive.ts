import { lookupListener } from './lookupListener';
import type { Result } from './Outcome';
import type { State } from './State';
import { bump, done, patchSocket, sockOf, withState } from './update';

/**
 * A SYN for `port` with flow hash `hash` is processed on `cpu` (`tcp_v4_rcv`, then
 * `tcp_conn_request`).
 *
 * No listener on the port: the SYN is answered with RST. Otherwise a listener is looked up
 * (below) and, when none may take it, the SYN is dropped at the limit. The chosen listener
 * still drops it when its request queue holds more than its backlog (syncookies are off in
 * the model) or its accept queue does (`inet_csk_reqsk_queue_is_full`,
 * `sk_acceptq_is_full`). Otherwise a request is created, owned and counted by the listener,
 * and only then does the choice move the row's cursor (`reuseport_rps_commit` after
 * `inet_csk_reqsk_queue_hash_add`): a SYN that creates nothing leaves it where it was.
 */
export function synArrive(s: State, a: { port: number; cpu: number; hash: number }): Result {
  const found = lookupListener(s, a.port, a.cpu, a.hash);
  let st = found.looked;
  if (found.listener === null || found.via === null) {
    const reason = found.via === null ? 'noListener' : 'limit';
    st = bump(st, reason === 'limit' ? 'limitDrops' : 'noListener');
    return done(st, [{ kind: 'dropped', cpu: a.cpu, reason, listener: null }]);
  }
  const l = sockOf(st, found.listener);
  const requests = st.conns.filter((c) => c.owner === l.id && c.phase === 'request').length;
  const full =
    requests > l.backlog && !st.syncookies
      ? 'synQueueFull'
      : l.acceptQueue.length > l.backlog
        ? 'acceptQueueFull'
        : null;
  if (full !== null) {
    st = bump(st, 'overflows');
    return done(st, [{ kind: 'dropped', cpu: a.cpu, reason: full, listener: l.id }]);
  }
  if (st.syncookies) {
    const cookie = { id: st.nextConn, port: a.port, hash: a.hash };
    st = withState(st, { cookies: [...st.cookies, cookie], nextConn: st.nextConn + 1 });
    return done(st, [{ kind: 'cookieSent', cookie: cookie.id, listener: l.id, cpu: a.cpu }]);
  }
  const conn = {
    id: st.nextConn,
    cpu: a.cpu,
    hash: a.hash,
    owner: l.id,
    phase: 'request' as const,
  };
  st = found.commit(st);
  st = withState(st, { conns: [...st.conns, conn], nextConn: st.nextConn + 1 });
  st = patchSocket(st, l.id, { count: l.count + 1 });
  return done(st, [{ kind: 'placed', conn: conn.id, listener: l.id, cpu: a.cpu, via: found.via }]);
}
