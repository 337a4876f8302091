import type { Property } from './Property';

/**
 * countsMatchConnections: a listener's count equals the live requests, queued children and
 * open connections it owns, so it never leaks and never goes below zero.
 */
export const countsMatchConnections: Property = {
  name: 'countsMatchConnections',
  prose:
    "A listener's count equals the live requests, queued children and open connections it owns: it never leaks and never goes below zero.",
  state(s) {
    const owned = new Map<number, number>();
    for (const c of s.conns) owned.set(c.owner, (owned.get(c.owner) ?? 0) + 1);
    for (const sock of s.sockets) {
      const truth = owned.get(sock.id) ?? 0;
      if (sock.count !== truth) return `socket ${sock.id}: count ${sock.count}, owns ${truth}`;
    }
    return null;
  },
};
