import { POLICY_ROUND_ROBIN, type Group, type GroupId, type SockId, type State } from '../model';
import {
  groupWith,
  newOwners,
  roomIn,
  runMonitor,
  type Memory,
  type Monitor,
  type Property,
  type Transition,
} from './Property';

/** A connection given a listener from a CPU's round-robin row. */
interface RowChoice {
  readonly group: Group;
  readonly cpu: number;
  readonly chosen: SockId;
  readonly row: readonly SockId[];
}

/** Remembers each row's last choices since its row, a limit or a listener's room changed. */
const fairness: Monitor = {
  next(memory, t) {
    const windows = new Map<string, Memory>(memory.map((m) => [`${m.group}/${m.cpu}`, m]));
    for (const { group, cpu, chosen, row } of rowChoices(t)) {
      const open = row.filter((id) => roomIn(t.before, id));
      const key = `${group.id}/${cpu}`;
      const w = [...(windows.get(key)?.socks ?? []), chosen].slice(-open.length);
      windows.set(key, { group: group.id, cpu, socks: w });
      if (open.length > 0 && w.length === open.length && new Set(w).size !== open.length) {
        return `the last ${open.length} choices on cpu ${cpu} were [${w.join()}] for the listeners with room [${open.join()}]`;
      }
    }
    // A window whose row, limits or room this transition changes starts again.
    const kept = [...windows.values()].filter(
      (m) => rowKey(t.before, m.group, m.cpu) === rowKey(t.after, m.group, m.cpu),
    );
    return kept.length === memory.length && kept.every((m, i) => m === memory[i]) ? memory : kept;
  },
};

/**
 * roundRobinIsFair: in a round-robin row, while nothing changes the row, a limit, or which
 * of its listeners have room (no limit, or fewer connections than it), any k consecutive
 * choices from that row reach each of the k listeners with room once. A choice is a
 * connection that gets a listener of the action's CPU's row: a SYN's request, a cookie
 * ACK's child, or a request migrating at its ACK or timer. Judged from the action and the
 * states, not the model's events. A SYN dropped at a full queue created nothing and takes
 * no turn: a lookup that creates nothing must not move the row (`reuseport_rps_commit`
 * runs after `inet_csk_reqsk_queue_hash_add`).
 */
export const roundRobinIsFair: Property = {
  name: 'roundRobinIsFair',
  prose:
    'In a round-robin row, while the row, the limits and which listeners have room stay as they are, any k consecutive choices from that row reach each of its k listeners with room once.',
  monitor: fairness,
  run(r, model) {
    return runMonitor(fairness, r, model);
  },
};

/** The connections that this transition gave a listener from the action's CPU's row. */
function rowChoices(t: Transition): RowChoice[] {
  const { before, action } = t;
  if (action.type !== 'synArrive' && action.type !== 'ackArrive' && action.type !== 'synAckTimer')
    return [];
  const choices: RowChoice[] = [];
  for (const { conn: c } of newOwners(t)) {
    const group = groupWith(before, c.owner);
    const row = group?.table?.rows[action.cpu];
    if (group?.table?.policy !== POLICY_ROUND_ROBIN || row?.includes(c.owner) !== true) continue;
    choices.push({ group, cpu: action.cpu, chosen: c.owner, row });
  }
  return choices;
}

/** What a row's fairness depends on: its listeners in order, their limits and their room. */
function rowKey(s: State, group: GroupId, cpu: number): string {
  const row = s.groups.find((g) => g.id === group)?.table?.rows[cpu] ?? [];
  return row.map((id) => `${id}:${s.sockets[id]?.rps?.limit ?? 0}:${roomIn(s, id)}`).join();
}
