import { groupWith, newOwners, type Property } from './Property';

/**
 * roundRobinResumesAfterChoice: when a CPU's round-robin row gives a connection its
 * listener (a SYN that makes a request, a cookie ACK that makes a child, a request that
 * migrates at its ACK or timer), that CPU's cursor ends just past the listener chosen, so
 * the next choice starts with the one after it. Judged from the action and the states: the
 * connection's new owner, its place in the row, and the cursor after.
 */
export const roundRobinResumesAfterChoice: Property = {
  name: 'roundRobinResumesAfterChoice',
  prose:
    "When a CPU's round-robin row gives a connection its listener, that CPU's cursor ends just past the listener chosen.",
  step(t) {
    const { action, after } = t;
    if (action.type !== 'synArrive' && action.type !== 'ackArrive' && action.type !== 'synAckTimer')
      return null;
    for (const { conn: c } of newOwners(t)) {
      const g = groupWith(after, c.owner);
      const t = g?.table;
      if (t == null || t.policy !== 0) continue;
      const row = t.rows[action.cpu] ?? [];
      const at = row.indexOf(c.owner);
      if (at < 0) continue;
      const cursor = t.cursors[action.cpu];
      if (cursor !== (at + 1) % row.length) {
        return `cpu ${action.cpu} chose socket ${c.owner} at ${at} of [${row.join()}] but its cursor is ${cursor}`;
      }
    }
    return null;
  },
};
