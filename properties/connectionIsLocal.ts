import type { Property } from './Property';

/**
 * connectionIsLocal: a connection chosen from a CPU's row goes to a listener whose mask
 * holds that CPU, and hash selection is used in a SO_REUSERPS group only when that CPU's
 * row is empty; a full row never spills to other listeners.
 */
export const connectionIsLocal: Property = {
  name: 'connectionIsLocal',
  prose:
    "A connection chosen from a CPU's row goes to a listener whose mask holds that CPU; a SO_REUSERPS group uses hash selection only for a CPU whose row is empty.",
  step({ outcome, after }) {
    if (!outcome.ok) return null;
    for (const e of outcome.events) {
      if (e.kind !== 'placed' && e.kind !== 'migrated') continue;
      const target = e.kind === 'placed' ? e.listener : e.to;
      const g = after.groups.find((o) => o.members.includes(target));
      if (g?.table == null) continue;
      const row = g.table.rows[e.cpu] ?? [];
      if (e.via === 'row' && !(after.sockets[target]?.rps?.mask ?? []).includes(e.cpu)) {
        return `cpu ${e.cpu}: socket ${target} was chosen from the row but its mask lacks the CPU`;
      }
      if (e.via === 'hash' && row.length > 0) {
        return `cpu ${e.cpu}: socket ${target} was chosen by hash although row [${row.join()}] is not empty`;
      }
    }
    return null;
  },
};
