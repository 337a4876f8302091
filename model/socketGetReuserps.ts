import type { Result } from './Outcome';
import type { SockId, State } from './State';
import { done, fail, sockOf } from './update';

/**
 * An application reads SO_REUSERPS (`sk_getsockopt`, the patch's
 * `reuseport_rps_getsockopt`). Guards: not closed (`EBADF`), TCP (`EOPNOTSUPP`). The answer
 * is the value last set, mask normalised to its set bits, with the socket's count of
 * connections now; or null (a zero-length answer, like SO_BINDTODEVICE unset) when none was.
 */
export function socketGetReuserps(s: State, a: { sock: SockId }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.proto !== 'tcp') return fail(s, 'EOPNOTSUPP');
  return done(s, [], sock.rps === null ? { value: null } : { value: sock.rps, count: sock.count });
}
