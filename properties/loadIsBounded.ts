import type { Property } from './Property';

/**
 * loadIsBounded: no step raises a listener's count above its limit. A limit lowered below
 * the count leaves the connections alone, so the bound is on rises, not on the count.
 */
export const loadIsBounded: Property = {
  name: 'loadIsBounded',
  prose:
    "No step raises a listener's count above its limit (a limit lowered below the count keeps the connections, but gets no new one).",
  step({ before, after }) {
    for (const sock of after.sockets) {
      const limit = sock.rps?.limit ?? 0;
      const was = before.sockets[sock.id]?.count ?? 0;
      if (limit !== 0 && sock.count > was && sock.count > limit) {
        return `socket ${sock.id}: count rose from ${was} to ${sock.count} over its limit ${limit}`;
      }
    }
    return null;
  },
};
