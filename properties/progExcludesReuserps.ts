import type { Property } from './Property';

/**
 * progExcludesReuserps: a reuseport BPF program and SO_REUSERPS never meet. No socket has
 * both, no group with a table has a program, and no socket with SO_REUSERPS is in a group
 * with a program: a table would silently ignore the program, and a program the table.
 */
export const progExcludesReuserps: Property = {
  name: 'progExcludesReuserps',
  prose:
    'A reuseport BPF program and SO_REUSERPS never meet: no socket has both, and no group has both a program and a table or a SO_REUSERPS member.',
  state(s) {
    for (const k of s.sockets) {
      if (k.prog && k.rps !== null) return `socket ${k.id} has a program and SO_REUSERPS`;
    }
    for (const g of s.groups) {
      if (!g.prog) continue;
      if (g.table !== null) return `group ${g.id} has a program and a table`;
      const rps = g.members.find((id) => s.sockets[id]?.rps != null);
      if (rps !== undefined) return `group ${g.id} has a program and SO_REUSERPS socket ${rps}`;
    }
    return null;
  },
};
