import type { Property } from './Property';

/** cursorInRange: a round-robin cursor points into its row, or is 0 for an empty row. */
export const cursorInRange: Property = {
  name: 'cursorInRange',
  prose: 'Every cursor points at an entry of its row, or is 0 when the row is empty.',
  state(s) {
    for (const g of s.groups) {
      for (const [cpu, row] of (g.table?.rows ?? []).entries()) {
        const cursor = g.table?.cursors[cpu];
        const ok =
          row.length === 0
            ? cursor === 0
            : cursor !== undefined && cursor >= 0 && cursor < row.length;
        if (!ok) return `group ${g.id} cpu ${cpu}: cursor ${cursor} in a row of ${row.length}`;
      }
    }
    return null;
  },
};
