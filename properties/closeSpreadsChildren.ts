import { POLICY_ROUND_ROBIN, type SockId } from '../model';
import { roomIn, type Property } from './Property';

/**
 * closeSpreadsChildren: when a listener of a round-robin SO_REUSERPS group stops
 * listening, the children of its accept queue that move into one CPU's row are handed out
 * in turn, as successive SYNs on that CPU would be: with k listeners in the row, all of
 * them still below their limit after the step, any k consecutive such children (in queue
 * order) reach k different listeners, the first of them the listener at the row's cursor,
 * where the next SYN on that CPU would go; and no cursor moves (each still points at the
 * listener it pointed at, unless that was the closing one). Counts only rise while a close
 * migrates, so room after the step means room at every choice. Judged from the states alone: the closing
 * listener's queue before the step, and where each of those children is after it.
 */
export const closeSpreadsChildren: Property = {
  name: 'closeSpreadsChildren',
  prose:
    "When a round-robin listener stops listening, its queued children of one CPU are handed out in turn over that CPU's row from its cursor (while all there have room), as successive SYNs there would be, and no cursor moves.",
  step({ before, action, outcome, after }) {
    if (!outcome.ok || (action.type !== 'socketClose' && action.type !== 'socketShutdown')) {
      return null;
    }
    const closing = before.sockets[action.sock];
    const g = after.groups.find((o) => o.id === closing?.group);
    if (closing?.phase !== 'listening' || g?.table?.policy !== POLICY_ROUND_ROBIN) return null;
    const owners = new Map<number, SockId[]>();
    for (const id of closing.acceptQueue) {
      const cpu = before.conns.find((c) => c.id === id)?.cpu;
      const owner = after.conns.find((c) => c.id === id)?.owner;
      const row = cpu === undefined ? [] : (g.table.rows[cpu] ?? []);
      if (cpu === undefined || owner === undefined || !row.includes(owner)) continue;
      owners.set(cpu, [...(owners.get(cpu) ?? []), owner]);
    }
    const was = before.groups.find((o) => o.id === g.id)?.table;
    for (let cpu = 0; cpu < g.table.rows.length; cpu++) {
      // The cursor stays with the listener it pointed at: a close runs in no CPU's softirq.
      const pointed = was?.rows[cpu]?.[was.cursors[cpu] ?? 0];
      const now = g.table.rows[cpu]?.[g.table.cursors[cpu] ?? 0];
      if (pointed !== undefined && pointed !== action.sock && now !== pointed) {
        return `cpu ${cpu}'s cursor moved from socket ${pointed} to ${now} at a close`;
      }
    }
    for (const [cpu, got] of owners) {
      const row = g.table.rows[cpu] ?? [];
      if (!row.every((id) => roomIn(after, id))) continue;
      // The first child goes where the next SYN on that CPU would: the listener at its cursor.
      const next = row[g.table.cursors[cpu] ?? 0];
      if (got[0] !== next)
        return `cpu ${cpu}: the first child went to ${got[0]}, not ${next} at the cursor`;
      for (let i = 0; i + row.length <= got.length; i++) {
        const turn = got.slice(i, i + row.length);
        if (new Set(turn).size !== row.length) {
          return `cpu ${cpu}: children went to [${got.join()}] over row [${row.join()}]`;
        }
      }
    }
    return null;
  },
};
