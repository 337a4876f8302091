import { groupJoin } from './membership';
import type { Result } from './Outcome';
import { bindConflict } from './socketBind';
import { EPHEMERAL_PORT_MIN, SOMAXCONN, type SockId, type State } from './State';
import { done, fail, patchSocket, sockOf } from './update';

/**
 * An application calls `listen()` (`inet_listen`, `inet_csk_listen_start`).
 *
 * Guards: not closed (`EBADF`); TCP (`EOPNOTSUPP`, `sock_no_listen`). On a listener, only
 * the backlog changes. Otherwise: a socket never bound gets the first free port from 32768
 * (Linux picks one at random; abstracted); SO_REUSERPS without SO_REUSEPORT is `EINVAL`
 * (the patch checks it in `inet_csk_listen_start` before the port); the port is checked
 * again for conflicts (`EADDRINUSE`, as `inet_csk_listen_start` calls `get_port` again);
 * and joining the group can fail with `EINVAL` (mode or policy
 * differs from the first listener's) or `ENOSPC` (a row is full). On failure the socket
 * stays as it was.
 *
 * The backlog is capped at `somaxconn`, and a negative one means `somaxconn`, as in
 * `__sys_listen`.
 */
export function socketListen(s: State, a: { sock: SockId; backlog: number }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.proto !== 'tcp') return fail(s, 'EOPNOTSUPP');
  const backlog = a.backlog < 0 || a.backlog > SOMAXCONN ? SOMAXCONN : a.backlog;
  if (sock.phase === 'listening') return done(patchSocket(s, sock.id, { backlog }));

  const port = sock.port ?? ephemeralPort(s);
  const bound = { ...sock, port };
  if (sock.rps !== null && !sock.reuseport) return fail(s, 'EINVAL');
  if (bindConflict(s, bound, port)) return fail(s, 'EADDRINUSE');
  const listening = patchSocket(s, sock.id, { phase: 'listening', port, backlog });
  if (!sock.reuseport) return done(listening);
  const joined = groupJoin(listening, bound);
  return typeof joined === 'string' ? fail(s, joined) : done(joined);
}

/** The first TCP port from {@link EPHEMERAL_PORT_MIN} that no live socket holds. */
function ephemeralPort(s: State): number {
  let port = EPHEMERAL_PORT_MIN;
  while (s.sockets.some((o) => o.phase !== 'closed' && o.proto === 'tcp' && o.port === port)) {
    port++;
  }
  return port;
}
