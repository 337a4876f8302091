import type { Result } from './Outcome';
import type { ConnId, State } from './State';
import { bump, connOf, done, dropConn, fail, patchSocket, sockOf } from './update';

/**
 * Request `conn`'s SYN-ACK timer fires with no retransmission left
 * (`reqsk_timer_handler` reaching `tcp_synack_retries`, then
 * `__inet_csk_reqsk_queue_drop`). Guard: `conn` is a live request (`ENOENT`). The request
 * ends and its listener's count falls. Linux would migrate it first when its listener has
 * stopped, only to drop it at once; the model drops it directly (same end state but for
 * the migration counter).
 */
export function requestExpire(s: State, a: { conn: ConnId }): Result {
  const c = connOf(s, a.conn);
  if (c === undefined || c.phase !== 'request') return fail(s, 'ENOENT');
  const owner = sockOf(s, c.owner);
  const st = bump(patchSocket(dropConn(s, c.id), owner.id, { count: owner.count - 1 }), 'expired');
  return done(st, [{ kind: 'ended', conn: c.id, owner: owner.id, how: 'expired' }]);
}
