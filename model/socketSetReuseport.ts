import type { Result } from './Outcome';
import type { SockId, State } from './State';
import { done, fail, patchSocket, sockOf } from './update';

/**
 * An application sets or clears SO_REUSEPORT (`sk_setsockopt`). Guard: the socket is not
 * closed (else `EBADF`). Update: the flag only; as in Linux, a listener already in a group
 * stays there, and the flag is read again at the next `bind()` or `listen()`.
 */
export function socketSetReuseport(s: State, a: { sock: SockId; on: boolean }): Result {
  if (sockOf(s, a.sock).phase === 'closed') return fail(s, 'EBADF');
  return done(patchSocket(s, a.sock, { reuseport: a.on }));
}
