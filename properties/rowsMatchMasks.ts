import type { Property } from './Property';

/**
 * rowsMatchMasks: each listening member of a SO_REUSERPS group sits once in exactly the
 * rows of the CPUs in its mask.
 */
export const rowsMatchMasks: Property = {
  name: 'rowsMatchMasks',
  prose:
    'Each listening member of a SO_REUSERPS group sits once in exactly the rows of the CPUs in its mask, and in no other row.',
  state(s) {
    for (const g of s.groups) {
      if (g.table === null) continue;
      for (const id of g.members) {
        const mask = s.sockets[id]?.rps?.mask ?? [];
        for (const [cpu, row] of g.table.rows.entries()) {
          const times = row.filter((x) => x === id).length;
          if (times !== (mask.includes(cpu) ? 1 : 0)) {
            return `group ${g.id}: socket ${id} (mask ${mask.join()}) is ${times} times in row ${cpu}`;
          }
        }
      }
    }
    return null;
  },
};
