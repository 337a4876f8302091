import type { Property } from './Property';

/**
 * noOrphanedRequest: every pending connection has a live owner or a way to one. A queued
 * child sits, once, in the accept queue of a listening socket (closing a listener empties
 * its queue at once); a request of a listener that stopped stays with it only until its
 * next ACK or SYN-ACK timer, which moves it to a listening socket or resets it.
 */
export const noOrphanedRequest: Property = {
  name: 'noOrphanedRequest',
  prose:
    "Every pending connection has a live owner or a way to one: queued children sit in a listening socket's accept queue, and a request of a stopped listener leaves it at its next ACK or timer.",
  state(s) {
    for (const c of s.conns) {
      const owner = s.sockets[c.owner];
      if (owner === undefined) return `conn ${c.id}: owner ${c.owner} does not exist`;
      const queued = owner.acceptQueue.filter((id) => id === c.id).length;
      if (c.phase === 'queued' && (owner.phase !== 'listening' || queued !== 1)) {
        return `conn ${c.id}: queued at socket ${owner.id} (${owner.phase}) ${queued} times`;
      }
      if (c.phase !== 'queued' && queued !== 0) return `conn ${c.id}: ${c.phase} but in a queue`;
    }
    return null;
  },
  step({ before, action, after }) {
    if (action.type !== 'ackArrive' && action.type !== 'synAckTimer') return null;
    const c = before.conns.find((o) => o.id === action.conn);
    if (c?.phase !== 'request' || before.sockets[c.owner]?.phase === 'listening') return null;
    const now = after.conns.find((o) => o.id === c.id);
    if (now !== undefined && after.sockets[now.owner]?.phase !== 'listening') {
      return `conn ${c.id}: still owned by stopped socket ${now.owner} after its ${action.type}`;
    }
    return null;
  },
};
