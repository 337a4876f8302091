import { POLICY_ROUND_ROBIN, type Group, type State } from '../model';
import { runMonitor, type Memory, type Monitor, type Property } from './Property';

/** Remembers each row's last choices since its row or a limit changed. */
const fairness: Monitor = {
  next(memory, t) {
    // The choices of each group and CPU since its row or a limit last changed: a window
    // whose row this transition changes starts again.
    const windows = new Map<string, Memory>();
    for (const m of memory) {
      const g = t.before.groups.find((o) => o.id === m.group);
      const now = t.after.groups.find((o) => o.id === m.group);
      if (
        g !== undefined &&
        now !== undefined &&
        rowKey(t.before, g, m.cpu) === rowKey(t.after, now, m.cpu)
      ) {
        windows.set(`${m.group}/${m.cpu}`, m);
      }
    }
    if (!t.outcome.ok) return memory.length === windows.size ? memory : [...windows.values()];
    for (const e of t.outcome.events) {
      const rowChoice =
        e.kind === 'placed' && e.via === 'row'
          ? { chosen: e.listener, cpu: e.cpu }
          : e.kind === 'migrated' && e.via === 'row' && e.at !== 'close'
            ? { chosen: e.to, cpu: e.cpu }
            : null;
      if (rowChoice === null) continue;
      const { chosen, cpu } = rowChoice;
      const g = t.before.groups.find((o) => o.members.includes(chosen));
      const row = g?.table?.rows[cpu];
      if (g?.table?.policy !== POLICY_ROUND_ROBIN || row === undefined) continue;
      if (row.some((id) => (t.before.sockets[id]?.rps?.limit ?? 0) !== 0)) continue;
      const key = `${g.id}/${cpu}`;
      const w = [...(windows.get(key)?.socks ?? []), chosen].slice(-row.length);
      windows.set(key, { group: g.id, cpu, socks: w });
      if (w.length === row.length && new Set(w).size !== row.length) {
        return `the last ${row.length} choices on cpu ${cpu} were [${w.join()}] for row [${row.join()}]`;
      }
    }
    return [...windows.values()];
  },
};

/**
 * roundRobinIsFair: in a round-robin row of k listeners without limits, any k consecutive
 * choices made from that row reach each of the k listeners once, as long as nothing changes
 * the row or a limit. A choice is a SYN placed or a request migrating at its ACK or timer
 * on that CPU. A SYN that the chosen listener then drops (a full queue) created nothing
 * and takes no turn: a lookup that creates nothing must not move the row.
 */
export const roundRobinIsFair: Property = {
  name: 'roundRobinIsFair',
  prose:
    'In a round-robin row of k listeners without limits, any k consecutive choices from that row reach each of them once, while the row and the limits stay as they are.',
  monitor: fairness,
  run(r, model) {
    return runMonitor(fairness, r, model);
  },
};

/** What a row's fairness depends on: its listeners, in order, with their limits. */
function rowKey(s: State, g: Group, cpu: number): string {
  const row = g.table?.rows[cpu] ?? [];
  return row.map((id) => `${id}:${s.sockets[id]?.rps?.limit ?? 0}`).join();
}
