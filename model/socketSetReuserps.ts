import type { Errno, Result } from './Outcome';
import {
  POLICY_FILL_FIRST,
  POLICY_ROUND_ROBIN,
  type ReuserpsOpt,
  type SockId,
  type State,
} from './State';
import { tableSet, tableWouldOverflow } from './table';
import { done, fail, groupOf, patchSocket, putGroup, sockOf, withGroup } from './update';

/**
 * An application sets SO_REUSERPS (`sk_setsockopt`, `reuserps_setsockopt` in the patch).
 *
 * Guards, in the order the patch checks them: the socket is not closed (`EBADF`); it is TCP
 * (`EOPNOTSUPP`); the mask is not empty and names only CPUs below the CPU count, the policy
 * is known and the limit fits a u32 (`EINVAL`). On a socket that does not listen: no
 * reuseport BPF program was attached through it or to the group it left (`EBUSY`,
 * `reuseport_rps_has_prog`: the two do not mix, in this order either). On a listener: it
 * is a member of a SO_REUSERPS group (`EINVAL` for a plain group or no group), the policy
 * is the group's (`EINVAL`), and no row it joins is full (`ENOSPC`).
 *
 * Update: the value is stored; a listener's rows change in place, keeping its position in
 * the rows it stays in. A listener whose new limit is below its count keeps its connections.
 */
export function socketSetReuserps(s: State, a: { sock: SockId; opt: ReuserpsOpt }): Result {
  const sock = sockOf(s, a.sock);
  if (sock.phase === 'closed') return fail(s, 'EBADF');
  if (sock.proto !== 'tcp') return fail(s, 'EOPNOTSUPP');
  const invalid = optionError(s, a.opt);
  if (invalid !== null) return fail(s, invalid);
  const opt: ReuserpsOpt = { ...a.opt, mask: [...new Set(a.opt.mask)].sort((x, y) => x - y) };
  if (sock.phase !== 'listening') {
    if (sock.prog || groupOf(s, sock.group)?.prog === true) return fail(s, 'EBUSY');
    return done(patchSocket(s, sock.id, { rps: opt }));
  }

  const g = groupOf(s, sock.group);
  if (g === undefined || g.table === null || !g.members.includes(sock.id)) return fail(s, 'EINVAL');
  if (opt.policy !== g.table.policy) return fail(s, 'EINVAL');
  if (tableWouldOverflow(g.table, sock.id, opt.mask)) return fail(s, 'ENOSPC');
  const moved = putGroup(s, withGroup(g, { table: tableSet(g.table, sock.id, opt.mask) }));
  return done(patchSocket(moved, sock.id, { rps: opt }));
}

/** Why a value can never be accepted, whatever the socket: `EINVAL`, or null. */
function optionError(s: State, opt: ReuserpsOpt): Errno | null {
  if (opt.mask.length === 0) return 'EINVAL';
  if (opt.mask.some((cpu) => !Number.isInteger(cpu) || cpu < 0 || cpu >= s.cpus)) return 'EINVAL';
  if (opt.policy !== POLICY_ROUND_ROBIN && opt.policy !== POLICY_FILL_FIRST) return 'EINVAL';
  if (!Number.isInteger(opt.limit) || opt.limit < 0 || opt.limit > 0xffffffff) return 'EINVAL';
  return null;
}
