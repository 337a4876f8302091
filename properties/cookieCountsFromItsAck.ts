import { movedCursors, type Property } from './Property';

/**
 * cookieCountsFromItsAck: under SYN cookies a SYN leaves no trace in the kernel, so it moves
 * no cursor and counts nothing; its connection counts from the ACK that returns the cookie.
 * That ACK either makes exactly that connection, a child queued on a listening socket and
 * counted by it alone, or makes nothing, counts nothing and moves no cursor.
 */
export const cookieCountsFromItsAck: Property = {
  name: 'cookieCountsFromItsAck',
  prose:
    'Under SYN cookies a SYN moves no cursor and counts nothing; the ACK that returns a cookie makes that connection, queued on and counted by one listening socket, or makes and moves nothing.',
  step({ before, action, outcome, after }) {
    if (!outcome.ok || !before.syncookies) return null;
    if (action.type === 'synArrive') {
      return movedCursors(before, after) === null
        ? null
        : 'a SYN answered with a cookie moved a cursor';
    }
    if (action.type !== 'ackArrive' || !before.cookies.some((k) => k.id === action.conn)) {
      return null;
    }
    const made = after.conns.filter((c) => !before.conns.some((o) => o.id === c.id));
    const rises = after.sockets.filter((k) => k.count !== before.sockets[k.id]?.count);
    if (made.length === 0) {
      if (rises.length > 0) return `a cookie's ACK made nothing but socket ${rises[0]?.id} counts`;
      return movedCursors(before, after) === null
        ? null
        : "a cookie's ACK made nothing but moved a cursor";
    }
    const [c] = made;
    const owner = c === undefined ? undefined : after.sockets[c.owner];
    if (made.length !== 1 || c?.id !== action.conn || c.phase !== 'queued') {
      return `a cookie's ACK made ${made.length} connections`;
    }
    if (owner?.phase !== 'listening' || !owner.acceptQueue.includes(c.id)) {
      return `conn ${c.id} is not queued on a listening socket`;
    }
    if (rises.length !== 1 || owner.count !== (before.sockets[owner.id]?.count ?? 0) + 1) {
      return `conn ${c.id} made ${rises.length} counts change`;
    }
    return after.cookies.some((k) => k.id === c.id) ? `cookie ${c.id} is still out` : null;
  },
};
