import { migrateConn } from './migrateConn';
import type { Result } from './Outcome';
import type { ConnId, State } from './State';
import { connOf, done, fail, sockOf } from './update';

/**
 * Request `conn`'s SYN-ACK timer fires on `cpu` with retransmissions left
 * (`reqsk_timer_handler`). Guard: `conn` is a live request (`ENOENT`). If its listener
 * stopped listening, the request migrates by the policy of `cpu` (the timer runs in that
 * CPU's softirq, so its cursor moves) or is reset; otherwise the SYN-ACK is sent again.
 */
export function synAckTimer(s: State, a: { conn: ConnId; cpu: number }): Result {
  const c = connOf(s, a.conn);
  if (c === undefined || c.phase !== 'request') return fail(s, 'ENOENT');
  if (sockOf(s, c.owner).phase === 'listening') {
    return done(s, [{ kind: 'retransmitted', conn: c.id, listener: c.owner }]);
  }
  const moved = migrateConn(s, c, a.cpu, 'timer');
  return done(moved.state, [moved.event]);
}
