import type { Property } from './Property';

/**
 * rowsKeepRegistrationOrder: a step never reorders a row. The listeners that stay keep
 * their order, and a listener that joins a row joins its end.
 */
export const rowsKeepRegistrationOrder: Property = {
  name: 'rowsKeepRegistrationOrder',
  prose:
    'A step never reorders a row: listeners that stay in it keep their relative order, and a listener that joins it goes to its end.',
  step({ before, after }) {
    for (const g of after.groups) {
      const old = before.groups.find((o) => o.id === g.id);
      if (old?.table == null || g.table === null) continue;
      for (const [cpu, row] of g.table.rows.entries()) {
        const was = old.table.rows[cpu] ?? [];
        const stayed = was.filter((id) => row.includes(id));
        const expected = [...stayed, ...row.filter((id) => !was.includes(id))];
        if (expected.join() !== row.join()) {
          return `group ${g.id} cpu ${cpu}: [${was.join()}] became [${row.join()}]`;
        }
      }
    }
    return null;
  },
};
