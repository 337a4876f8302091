import { POLICY_FILL_FIRST, type Event, type SockId } from '../model';
import { hasRoom, type Property, type Transition } from './Property';

/**
 * fillFirstFillsInOrder: a connection placed from a fill-first row goes to the first
 * listener of the row that has room at that moment; every listener before it is full.
 */
export const fillFirstFillsInOrder: Property = {
  name: 'fillFirstFillsInOrder',
  prose:
    'A connection placed from a fill-first row goes to the first listener of that row with room at that moment: every listener before it is at its limit.',
  step(t) {
    const counts = new Map<SockId, number>();
    const countOf = (id: SockId): number => counts.get(id) ?? t.before.sockets[id]?.count ?? 0;
    if (!t.outcome.ok) return null;
    for (const e of t.outcome.events) {
      const target = e.kind === 'placed' ? e.listener : e.kind === 'migrated' ? e.to : null;
      if (target !== null && (e.kind === 'placed' || e.kind === 'migrated') && e.via === 'row') {
        const why = checkOrder(t, e, target, countOf);
        if (why !== null) return why;
      }
      for (const [id, delta] of countChanges(e)) counts.set(id, countOf(id) + delta);
    }
    return null;
  },
};

function checkOrder(
  t: Transition,
  e: Event & { cpu: number },
  target: SockId,
  countOf: (id: SockId) => number,
): string | null {
  const g = t.after.groups.find((o) => o.members.includes(target));
  if (g?.table?.policy !== POLICY_FILL_FIRST) return null;
  const row = g.table.rows[e.cpu] ?? [];
  for (const id of row) {
    if (id === target) return null;
    const sock = t.after.sockets[id];
    if (sock !== undefined && hasRoom(sock, countOf(id))) {
      return `cpu ${e.cpu}: socket ${target} was chosen while ${id}, before it in [${row.join()}], had room`;
    }
  }
  return `cpu ${e.cpu}: socket ${target} was chosen but is not in row [${row.join()}]`;
}

/** How an event changes listeners' counts. */
function countChanges(e: Event): [SockId, number][] {
  switch (e.kind) {
    case 'placed':
      return [[e.listener, 1]];
    case 'migrated':
      return [
        [e.from, -1],
        [e.to, 1],
      ];
    case 'reset':
      return [[e.from, -1]];
    case 'ended':
      return [[e.owner, -1]];
    default:
      return [];
  }
}
