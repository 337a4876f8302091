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
 * `inet_csk_get_port`: the port is taken for `sock`. Another live socket of the same
 * transport holds it and not both set SO_REUSEPORT with the same uid; or a connection of
 * the port holds it (a child is bound where its listener was) and the port's fast path
 * does not apply. SO_REUSEADDR and addresses are abstracted.
 */
export function bindConflict(s: State, sock: Socket, port: number): boolean {
  return (
    s.sockets.some(
      (o) =>
        o.id !== sock.id &&
        o.phase !== 'closed' &&
        o.proto === sock.proto &&
        o.port === port &&
        (ownGroup(sock) || !(sock.reuseport && o.reuseport && sock.uid === o.uid)),
    ) ||
    (sock.proto === 'tcp' && childConflict(s, sock, port))
  );
}

/**
 * A socket that got a reuseport program before it listened has a group of its own
 * (`reuseport_attach_prog` allocates one), so SO_REUSEPORT does not help it:
 * `reuseport_cb_ok` is false in `inet_csk_bind_conflict` and anything on the port
 * conflicts.
 */
function ownGroup(sock: Socket): boolean {
  return sock.prog && sock.phase !== 'listening';
}

/**
 * Children hold their listener's port with its SO_REUSEPORT and the uid of their file
 * (`sock_i_uid`: root's for a queued child, which has none yet; the owner's once accepted,
 * the model having the owner accept). They are checked only when the port's fast path
 * fails (`sk_reuseport_match`): for a socket with a group of its own, with one it stayed
 * in as a closed socket (it stopped listening while the group could migrate:
 * `tcp_migrate_req` or a SO_REUSERPS table, `reuseport_stop_listen_sock`), without
 * SO_REUSEPORT, or of another uid than the listener that bound the port.
 */
function childConflict(s: State, sock: Socket, port: number): boolean {
  const kept = sock.group !== null && sock.reuseport && (s.migrateReq || sock.rps !== null);
  return s.conns.some((c) => {
    const owner = s.sockets[c.owner];
    if (c.phase === 'request' || owner === undefined || owner.port !== port) return false;
    const fast = !kept && sock.reuseport && owner.reuseport && sock.uid === owner.uid;
    if (fast) return false;
    const uid = c.phase === 'queued' ? 0 : owner.uid;
    return ownGroup(sock) || !(sock.reuseport && owner.reuseport && sock.uid === uid);
  });
}
