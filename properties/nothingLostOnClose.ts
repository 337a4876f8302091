import type { Property } from './Property';
import { candidatesOn, hasRoom } from './Property';

/**
 * nothingLostOnClose: a connection is reset only when no listener could take it. A reset
 * of a connection whose group migrates (SO_REUSERPS, or a plain group with
 * tcp_migrate_req) happens only when every listener the policy would choose from for its
 * CPU (the row, or every member when the row is empty) is at its limit, or none is left.
 */
export const nothingLostOnClose: Property = {
  name: 'nothingLostOnClose',
  prose:
    'A connection is reset only when no listener could take it: every listener its group would choose from for that CPU is at its limit, or none is left.',
  step({ outcome, after }) {
    if (!outcome.ok) return null;
    for (const e of outcome.events) {
      if (e.kind !== 'reset') continue;
      const from = after.sockets[e.from];
      const g = after.groups.find((o) => o.id === from?.group);
      if (g === undefined || (g.table === null && !after.migrateReq)) continue;
      // Counts only rise while one step migrates, so room now means room at the reset.
      const free = candidatesOn(g, e.cpu).find((id) => {
        const sock = after.sockets[id];
        return sock !== undefined && hasRoom(sock);
      });
      if (free !== undefined) {
        return `conn ${e.conn} was reset at ${e.at} while socket ${free} could take it`;
      }
    }
    return null;
  },
};
