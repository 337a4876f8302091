/*
 * Joining and leaving a SO_REUSEPORT group, with its SO_REUSERPS table. Internal to model/.
 */
import type { Errno } from './Outcome';
import { type Group, type Policy, type Socket, type SockId, type State } from './State';
import { tableCreate, tableRemove, tableSet, tableWouldOverflow } from './table';
import { groupOf, patchSocket, putGroup, withGroup, withState } from './update';

/** The live group whose listeners share `port`; bind rules allow at most one per port. */
export function groupOnPort(s: State, port: number): Group | undefined {
  return s.groups.find((g) => g.port === port);
}

/**
 * A listening socket with SO_REUSEPORT joins the group of its port, or allocates one
 * (`inet_reuseport_add_sock`, `reuseport_add_sock`, `reuseport_alloc`). The first listener
 * decides the mode and policy; a later one that differs is `EINVAL`, and one that would
 * overfill a row is `ENOSPC`. Nothing changes on error. A program attached through the
 * socket comes with the group it forms; one that joins a group leaves its own behind
 * (`reuseport_add_sock` frees it). Either way the socket keeps no program of its own.
 */
export function groupJoin(s: State, sock: Socket & { port: number }): State | Errno {
  const g = groupOnPort(s, sock.port);
  if (g === undefined) {
    const table =
      sock.rps === null
        ? null
        : tableSet(tableCreate(s.cpus, sock.rps.policy as Policy), sock.id, sock.rps.mask);
    const created: Group = {
      id: s.nextGroup,
      port: sock.port,
      members: [sock.id],
      table,
      prog: sock.prog,
    };
    const next = putGroup(withState(s, { nextGroup: s.nextGroup + 1 }), created);
    return patchSocket(next, sock.id, { group: created.id, prog: false });
  }
  if ((g.table === null) !== (sock.rps === null)) return 'EINVAL';
  let table = g.table;
  if (table !== null && sock.rps !== null) {
    if (sock.rps.policy !== table.policy) return 'EINVAL';
    if (tableWouldOverflow(table, sock.id, sock.rps.mask)) return 'ENOSPC';
    table = tableSet(table, sock.id, sock.rps.mask);
  }
  const joined = putGroup(s, withGroup(g, { members: [...g.members, sock.id], table }));
  return patchSocket(joined, sock.id, { group: g.id, prog: false });
}

/**
 * A listener leaves its group (`reuseport_stop_listen_sock`, `__reuseport_detach_sock`):
 * `socks[]` fills the hole with its last member, as Linux does, while every table row
 * closes up in order. It keeps {@link Socket.group}, as Linux keeps `sk_reuseport_cb` for
 * migration; the group is freed when its last member leaves.
 */
export function groupLeave(s: State, id: SockId): State {
  const sock = s.sockets[id];
  const g = groupOf(s, sock?.group ?? null);
  if (g === undefined) return s;
  const at = g.members.indexOf(id);
  if (at < 0) return s;
  const members = g.members.slice();
  members[at] = members[members.length - 1] as SockId;
  members.pop();
  const table = g.table === null ? null : tableRemove(g.table, id);
  return putGroup(s, withGroup(g, { members, table }));
}
