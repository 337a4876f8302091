import type { Property } from './Property';

/**
 * rowsAreDense: every row of every SO_REUSERPS table is a list of its group's listening
 * members with no hole, no stale entry and no listener twice.
 */
export const rowsAreDense: Property = {
  name: 'rowsAreDense',
  prose:
    'Every row of every SO_REUSERPS table holds only listening members of its group, each once, with no hole and no stale entry.',
  state(s) {
    for (const g of s.groups) {
      for (const [cpu, row] of (g.table?.rows ?? []).entries()) {
        if (new Set(row).size !== row.length) return `group ${g.id} cpu ${cpu}: a listener twice`;
        for (const id of row) {
          if (s.sockets[id]?.phase !== 'listening' || !g.members.includes(id)) {
            return `group ${g.id} cpu ${cpu}: socket ${id} is not a listening member`;
          }
        }
      }
    }
    return null;
  },
};
