import {
  POLICY_FILL_FIRST,
  initialState,
  reciprocalScale,
  step,
  type Action,
  type ConnId,
  type Event,
  type Policy,
  type SockId,
  type State,
} from '../model';
import type { Moves, Placement, PolicySim } from './PolicySim';
import type { WorkloadListener } from './Workload';

const PORT = 8080;
const UID = 1000;
/** Deep enough that no queue overflows: the comparison is about selection, not backlogs. */
const BACKLOG = 4096;

/** What the model runs: a plain SO_REUSEPORT group, or SO_REUSERPS with a policy and limit. */
export type ModelOption = null | { readonly policy: Policy; readonly limit: number };

/**
 * A policy that is the reference model itself: a plain SO_REUSEPORT group (Linux's hash
 * selection) or a SO_REUSERPS group, each listener registered for its home CPU. Every
 * choice is the model's `step`; this file only drives it and reads its events.
 */
export function modelSim(
  cpus: number,
  listeners: readonly WorkloadListener[],
  option: ModelOption,
): PolicySim {
  let s = initialState({ cpus });
  const apply = (a: Action): readonly Event[] => {
    const r = step(s, a);
    if (!r.outcome.ok) throw new Error(`compare: ${a.type} failed with ${r.outcome.errno}`);
    s = r.state;
    return r.outcome.events;
  };
  // Listener i's current socket, and back; a restart opens a new socket.
  const sockOf: SockId[] = [];
  const listenerOf = new Map<SockId, number>();
  const open = (i: number, home: number): void => {
    const sock = s.sockets.length;
    apply({ type: 'socketOpen', uid: UID, proto: 'tcp' });
    apply({ type: 'socketSetReuseport', sock, on: true });
    if (option !== null) {
      const opt = { mask: [home], policy: option.policy, limit: option.limit };
      apply({ type: 'socketSetReuserps', sock, opt });
    }
    apply({ type: 'socketBind', sock, port: PORT });
    apply({ type: 'socketListen', sock, backlog: BACKLOG });
    sockOf[i] = sock;
    listenerOf.set(sock, i);
  };
  listeners.forEach((l, i) => open(i, l.home));
  const connOf = new Map<number, ConnId>();
  const flowOf = new Map<ConnId, number>();
  const moves = (events: readonly Event[]): Moves => {
    const migrated: [number, number][] = [];
    const reset: number[] = [];
    for (const e of events) {
      const flow = 'conn' in e ? flowOf.get(e.conn) : undefined;
      if (flow === undefined) continue;
      if (e.kind === 'migrated') migrated.push([flow, listenerOf.get(e.to) ?? -1]);
      if (e.kind === 'reset') {
        reset.push(flow);
        forget(flow);
      }
    }
    return { migrated, reset };
  };
  const forget = (flow: number): void => {
    const conn = connOf.get(flow);
    if (conn !== undefined) flowOf.delete(conn);
    connOf.delete(flow);
  };
  const synAction = (hash: number, cpu: number): Action => ({
    type: 'synArrive',
    port: PORT,
    cpu,
    hash,
  });
  return {
    syn(flow, hash, cpu): Placement {
      const before = s;
      const events = apply(synAction(hash, cpu));
      for (const e of events) {
        if (e.kind === 'placed') {
          connOf.set(flow, e.conn);
          flowOf.set(e.conn, flow);
          const listener = listenerOf.get(e.listener) ?? null;
          const scanned = scannedFor(before, cpu, hash, e.listener, e.via);
          const fallback = e.via === 'hash' && option !== null;
          return { listener, drop: null, scanned, fallback };
        }
        if (e.kind === 'dropped') {
          const drop = e.reason === 'noListener' ? 'noListener' : 'limit';
          return { listener: null, drop, scanned: rowOf(before, cpu).length, fallback: false };
        }
      }
      throw new Error('compare: a SYN neither placed nor dropped');
    },
    ack(flow, cpu) {
      const conn = connOf.get(flow);
      if (conn === undefined) return { migrated: [], reset: [] };
      return moves(apply({ type: 'ackArrive', conn, cpu }));
    },
    accept(flow) {
      const conn = connOf.get(flow);
      const c = s.conns.find((o) => o.id === conn);
      if (c === undefined || c.phase !== 'queued') return;
      apply({ type: 'listenerAccept', sock: c.owner });
    },
    end(flow) {
      const conn = connOf.get(flow);
      if (conn === undefined) return;
      apply({ type: 'connClose', conn });
      forget(flow);
    },
    close(listener) {
      const sock = sockOf[listener];
      if (sock === undefined || s.sockets[sock]?.phase !== 'listening') {
        return { migrated: [], reset: [] };
      }
      return moves(apply({ type: 'socketClose', sock }));
    },
    listen(listener) {
      open(listener, listeners[listener]?.home ?? 0);
    },
    peek(hash, cpu) {
      const r = step(s, synAction(hash, cpu));
      for (const e of r.outcome.ok ? r.outcome.events : []) {
        if (e.kind === 'placed') return listenerOf.get(e.listener) ?? null;
      }
      return null;
    },
    owned() {
      const out = listeners.map(() => 0);
      for (const c of s.conns) {
        const i = listenerOf.get(c.owner);
        if (i !== undefined) out[i] = (out[i] ?? 0) + 1;
      }
      return out;
    },
  };
}

/** The SO_REUSERPS row of `cpu` in the port's group, or none. */
function rowOf(s: State, cpu: number): readonly SockId[] {
  return s.groups[0]?.table?.rows[cpu] ?? [];
}

/**
 * How many entries the model's choice looked at, read off the state before it: a
 * round-robin row from its cursor to the chosen listener, a fill-first row from its start,
 * or `socks[]` from the hash's slot (`chooseListener` skips members at their limit).
 */
function scannedFor(s: State, cpu: number, hash: number, chosen: SockId, via: string): number {
  const g = s.groups[0];
  if (g === undefined) return 1;
  if (via === 'row' && g.table !== null) {
    const row = rowOf(s, cpu);
    const at = row.indexOf(chosen);
    if (g.table.policy === POLICY_FILL_FIRST) return at + 1;
    const start = g.table.cursors[cpu] ?? 0;
    return ((at - start + row.length) % row.length) + 1;
  }
  const n = g.members.length;
  const start = reciprocalScale(hash, n);
  return ((g.members.indexOf(chosen) - start + n) % n) + 1;
}
