import type { Result } from './Outcome';
import type { Socket, SockId, State } from './State';
import { done, fail, patchSocket, sockOf } from './update';

/**
 * An application binds a socket to a port on the wildcard address (`inet_bind`,
 * `inet_csk_get_port`). Guards: not closed (`EBADF`), not bound yet (`EINVAL`), and no
 * conflict with another socket on the port (`EADDRINUSE`).
 */
export function socketBind(s: State, a: { sock: SockId; port: number }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.port !== null) return fail(s, 'EINVAL');
  if (bindConflict(s, sock, a.port)) return fail(s, 'EADDRINUSE');
  return done(patchSocket(s, sock.id, { phase: 'bound', port: a.port, portLocked: true }));
}

/**
 * `inet_csk_bind_conflict`: another live socket of the same transport holds the port, and
 * not both set SO_REUSEPORT with the same uid. SO_REUSEADDR and addresses are abstracted.
 */
export function bindConflict(s: State, sock: Socket, port: number): boolean {
  return s.sockets.some(
    (o) =>
      o.id !== sock.id &&
      o.phase !== 'closed' &&
      o.proto === sock.proto &&
      o.port === port &&
      !(sock.reuseport && o.reuseport && sock.uid === o.uid),
  );
}
