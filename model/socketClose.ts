import type { Result } from './Outcome';
import type { SockId, State } from './State';
import { stopListening } from './stopListening';
import { done, fail, patchSocket, sockOf } from './update';

/**
 * An application closes a socket (`tcp_close`). Guard: not closed already (`EBADF`).
 * A listener stops listening first (see `stopListening`). The socket releases its port;
 * connections it already handed to `accept()` live on and still count against it.
 */
export function socketClose(s: State, a: { sock: SockId }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.phase !== 'listening') return done(patchSocket(s, sock.id, { phase: 'closed' }));
  const stopped = stopListening(s, sock.id);
  return done(patchSocket(stopped.state, sock.id, { phase: 'closed' }), stopped.events);
}
