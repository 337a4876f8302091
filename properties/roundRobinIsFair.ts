import { POLICY_ROUND_ROBIN, type Group, type SockId, type State } from '../model';
import type { Property } from './Property';

/**
 * roundRobinIsFair: in a round-robin row of k listeners without limits, any k consecutive
 * choices made from that row reach each of the k listeners once, as long as nothing changes
 * the row or a limit. A choice is a SYN placed, a SYN dropped by the chosen listener's full
 * queue (it had its turn), or a request migrating at its ACK or timer on that CPU.
 */
export const roundRobinIsFair: Property = {
  name: 'roundRobinIsFair',
  prose:
    'In a round-robin row of k listeners without limits, any k consecutive choices from that row reach each of them once, while the row and the limits stay as they are.',
  run(r) {
    const windows = new Map<string, SockId[]>();
    for (const [i, t] of r.steps.entries()) {
      for (const g of t.before.groups) {
        const now = t.after.groups.find((o) => o.id === g.id);
        for (let cpu = 0; cpu < t.before.cpus; cpu++) {
          if (now === undefined || rowKey(t.before, g, cpu) !== rowKey(t.after, now, cpu)) {
            windows.delete(`${g.id}/${cpu}`);
          }
        }
      }
      if (!t.outcome.ok) continue;
      for (const e of t.outcome.events) {
        const rowChoice =
          e.kind === 'placed' && e.via === 'row'
            ? { chosen: e.listener, cpu: e.cpu }
            : e.kind === 'migrated' && e.via === 'row' && e.at !== 'close'
              ? { chosen: e.to, cpu: e.cpu }
              : e.kind === 'dropped' && e.listener !== null
                ? { chosen: e.listener, cpu: e.cpu }
                : null;
        if (rowChoice === null) continue;
        const { chosen, cpu } = rowChoice;
        const g = t.before.groups.find((o) => o.members.includes(chosen));
        const row = g?.table?.rows[cpu];
        if (g?.table?.policy !== POLICY_ROUND_ROBIN || row === undefined) continue;
        if (row.some((id) => (t.before.sockets[id]?.rps?.limit ?? 0) !== 0)) continue;
        const key = `${g.id}/${cpu}`;
        const w = [...(windows.get(key) ?? []), chosen].slice(-row.length);
        windows.set(key, w);
        if (w.length === row.length && new Set(w).size !== row.length) {
          return `step ${i}: the last ${row.length} choices on cpu ${cpu} were [${w.join()}] for row [${row.join()}]`;
        }
      }
    }
    return null;
  },
};

/** What a row's fairness depends on: its listeners, in order, with their limits. */
function rowKey(s: State, g: Group, cpu: number): string {
  const row = g.table?.rows[cpu] ?? [];
  return row.map((id) => `${id}:${s.sockets[id]?.rps?.limit ?? 0}`).join();
}
