import type { SockId, State } from '../model';
import { candidatesOn, type Property } from './Property';

/**
 * noOrphanedRequest: every pending connection has a live owner or a way to one. A queued
 * child sits, once, in the accept queue of a listening socket (closing a listener empties
 * its queue at once); a request of a listener that stopped stays with it only until its
 * next ACK or SYN-ACK timer, which moves it to a listening socket or resets it. An ACK may
 * leave it there only when a listener it could move to has a full accept queue: the ACK is
 * dropped and the next one tries again.
 */
export const noOrphanedRequest: Property = {
  name: 'noOrphanedRequest',
  prose:
    "Every pending connection has a live owner or a way to one: queued children sit in a listening socket's accept queue, and a request of a stopped listener leaves it at its next ACK or timer (an ACK that meets a full accept queue waits for the next).",
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
    if (now === undefined || after.sockets[now.owner]?.phase === 'listening') return null;
    if (action.type === 'ackArrive' && fullCandidate(after, now.owner, action.cpu)) return null;
    return `conn ${c.id}: still owned by stopped socket ${now.owner} after its ${action.type}`;
  },
};

/** Whether a listener that `owner`'s group could choose on `cpu` has a full accept queue. */
function fullCandidate(s: State, owner: SockId, cpu: number): boolean {
  const g = s.groups.find((o) => o.id === s.sockets[owner]?.group);
  return (g === undefined ? [] : candidatesOn(g, cpu)).some((id) => {
    const sock = s.sockets[id];
    return sock?.phase === 'listening' && sock.acceptQueue.length > sock.backlog;
  });
}
