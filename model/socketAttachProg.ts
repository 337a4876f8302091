import type { Result } from './Outcome';
import type { SockId, State } from './State';
import { done, fail, groupOf, patchSocket, putGroup, sockOf, withGroup } from './update';

/**
 * An application attaches a reuseport BPF program (`SO_ATTACH_REUSEPORT_CBPF` or `_EBPF`,
 * `reuseport_attach_prog`). What the program then chooses is abstracted: a plain group
 * with a program still chooses by hash in the model. What is specified is that a program
 * and SO_REUSERPS never meet: a table would silently ignore the program.
 *
 * Guards: not closed (`EBADF`); no SO_REUSERPS value (`EBUSY`: the patch refuses it first,
 * before the program could form a group); a socket that does not listen has SO_REUSEPORT
 * (`EINVAL`), and a listener is in a group (`EINVAL`: it was not bound with SO_REUSEPORT).
 *
 * Update: a listener's group gets the program; a socket that does not listen keeps it for
 * the group it forms at `listen()`.
 */
export function socketAttachProg(s: State, a: { sock: SockId }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.rps !== null) return fail(s, 'EBUSY');
  if (sock.phase !== 'listening') {
    return sock.reuseport ? done(patchSocket(s, sock.id, { prog: true })) : fail(s, 'EINVAL');
  }
  const g = groupOf(s, sock.group);
  if (g === undefined || !g.members.includes(sock.id)) return fail(s, 'EINVAL');
  return done(putGroup(s, withGroup(g, { prog: true })));
}
