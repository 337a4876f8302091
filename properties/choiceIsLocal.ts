import type { State } from '../model';
import { choosingCpu, groupWith, newOwners, type Property } from './Property';

/**
 * choiceIsLocal: every connection that gets a listener in a SO_REUSERPS group (a new one,
 * or one that migrates) gets one registered for the CPU that chose it, whenever that CPU's
 * row is not empty. The CPU is read from the action, not from the model's account: a SYN's
 * or an ACK's or a timer's own CPU (`raw_smp_processor_id()` in the softirq or timer), and
 * for a child that migrates when its listener closes, the child's own CPU before the close
 * (`sk_incoming_cpu`).
 */
export const choiceIsLocal: Property = {
  name: 'choiceIsLocal',
  prose:
    "A connection that gets a listener in a SO_REUSERPS group, new or migrating, gets one registered for the CPU that chose it (the packet's or timer's CPU; a child moved at close: its own), unless that CPU's row is empty.",
  step(t) {
    for (const { conn: c, was } of newOwners(t)) {
      const cpu = choosingCpu(t, was);
      const row = rowOf(t.after, c.owner, cpu);
      if (cpu === null || row === null || row.length === 0 || row.includes(c.owner)) continue;
      return `conn ${c.id} went to socket ${c.owner}, which is not in cpu ${cpu}'s row [${row.join()}]`;
    }
    return null;
  },
};

/** The row of `cpu` in the SO_REUSERPS group that `owner` listens in, or null. */
function rowOf(s: State, owner: number, cpu: number | null): readonly number[] | null {
  if (cpu === null) return null;
  const g = groupWith(s, owner);
  return g?.table == null ? null : (g.table.rows[cpu] ?? null);
}
