import type { Result } from './Outcome';
import type { SockId, State } from './State';
import { stopListening } from './stopListening';
import { done, fail, patchSocket, sockOf } from './update';

/**
 * An application calls `shutdown(SHUT_RDWR)` (`inet_shutdown`, `tcp_disconnect`). Guards:
 * not closed (`EBADF`); listening (`ENOTCONN`, as for any socket in TCP_CLOSE). The
 * listener stops listening as on close, but the socket stays open: it keeps a port it was
 * bound to (`SOCK_BINDPORT_LOCK`), loses an automatic one, and may `listen()` again.
 */
export function socketShutdown(s: State, a: { sock: SockId }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.phase !== 'listening') return fail(s, 'ENOTCONN');
  const stopped = stopListening(s, sock.id);
  const after = sock.portLocked
    ? patchSocket(stopped.state, sock.id, { phase: 'bound' })
    : patchSocket(stopped.state, sock.id, { phase: 'open', port: null });
  return done(after, stopped.events);
}
