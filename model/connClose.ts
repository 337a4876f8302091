import type { Result } from './Outcome';
import type { ConnId, State } from './State';
import { connOf, done, dropConn, fail, patchSocket, sockOf } from './update';

/**
 * Connection `conn` ends: the peer resets a request (`tcp_check_req` seeing RST), or an
 * established connection is closed, whether still queued or already accepted (`tcp_done`).
 * Guard: `conn` is live (`ENOENT`). Its listener's count falls, wherever the connection is.
 * A queued child leaves the accept queue at once (Linux leaves it there in TCP_CLOSE until
 * `accept()` hands it out; abstracted, since it owns nothing any more).
 */
export function connClose(s: State, a: { conn: ConnId }): Result {
  const c = connOf(s, a.conn);
  if (c === undefined) return fail(s, 'ENOENT');
  const owner = sockOf(s, c.owner);
  const st = patchSocket(dropConn(s, c.id), owner.id, {
    count: owner.count - 1,
    acceptQueue: owner.acceptQueue.filter((id) => id !== c.id),
  });
  const how = c.phase === 'request' ? 'peerReset' : 'closed';
  return done(st, [{ kind: 'ended', conn: c.id, owner: owner.id, how }]);
}
