import type { Result } from './Outcome';
import type { SockId, State } from './State';
import { connOf, done, fail, patchSocket, putConn, sockOf, withConn } from './update';

/**
 * An application accepts a connection, without blocking (`inet_csk_accept`). Guards: not
 * closed (`EBADF`); TCP (`EOPNOTSUPP`); listening (`EINVAL`); the accept queue is not empty
 * (`EAGAIN`). The oldest child leaves the queue; it still counts against this listener
 * until it is closed.
 */
export function listenerAccept(s: State, a: { sock: SockId }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.proto !== 'tcp') return fail(s, 'EOPNOTSUPP');
  if (sock.phase !== 'listening') return fail(s, 'EINVAL');
  const [head, ...rest] = sock.acceptQueue;
  const c = head === undefined ? undefined : connOf(s, head);
  if (c === undefined) return fail(s, 'EAGAIN');
  const st = putConn(
    patchSocket(s, sock.id, { acceptQueue: rest }),
    withConn(c, { phase: 'accepted' }),
  );
  return done(st, [{ kind: 'accepted', conn: c.id, listener: sock.id }]);
}
