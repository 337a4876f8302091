import type { GroupId, SockId, Socket, State } from '../model';
import type { Memory } from '../properties';

const PHASES = { open: 0, bound: 1, listening: 2, closed: 3 } as const;
const CONN_PHASES = { request: 0, queued: 1, accepted: 2 } as const;

/**
 * The key of an explored state: a compact string of small numbers (one UTF-16 unit each)
 * that two states share only if they behave alike from there on.
 *
 * What the key leaves out: the event counters (they only count, no action reads them) and
 * the identities of connections and groups, of which only the order matters (they are
 * numbered afresh by rank), so that the state space stays finite.
 *
 * With `symmetry`, sockets and CPUs are renamed first: sockets sorted by what they are
 * (uid, phase, option, counts, queue), then CPUs by their rows, cursors and connections
 * under the new socket names. Sorting picks one renaming instead of trying them all; when
 * two sockets or CPUs tie, the old order decides, so that a few symmetric states may keep
 * distinct keys. That costs states, never soundness: the key is always that of a renamed
 * copy of the state, so states that share it behave alike up to that renaming.
 */
export function stateKey(
  s: State,
  memories: readonly (readonly Memory[])[],
  symmetry: boolean,
): string {
  const nSocks = s.sockets.length;
  const sockOrder = symmetry ? sortedSockets(s) : identity(nSocks);
  const sockName = new Int32Array(nSocks);
  sockOrder.forEach((id, k) => (sockName[id] = k));
  const cpuOrder = symmetry ? sortedCpus(s, sockName) : identity(s.cpus);
  const cpuName = new Int32Array(s.cpus);
  cpuOrder.forEach((c, k) => (cpuName[c] = k));
  const groupIds = new Set<GroupId>(s.groups.map((g) => g.id));
  for (const k of s.sockets) if (k.group !== null) groupIds.add(k.group);
  const groupRank = new Map([...groupIds].sort((a, b) => a - b).map((g, i) => [g, i]));
  const connRank = new Map(s.conns.map((c, i) => [c.id, i]));

  const out: number[] = [];
  const maskBits = (mask: readonly number[]): number => {
    let m = 0;
    for (const c of mask) m |= 1 << (cpuName[c] ?? 0);
    return m;
  };
  for (const id of sockOrder) {
    const k = s.sockets[id] as Socket;
    out.push(k.uid, PHASES[k.phase], k.reuseport ? 1 : 0, k.port ?? 0, k.portLocked ? 1 : 0);
    out.push(k.backlog, k.group === null ? 0 : (groupRank.get(k.group) ?? 0) + 1, k.count);
    if (k.rps === null) out.push(0);
    else out.push(1, k.rps.policy, k.rps.limit, maskBits(k.rps.mask));
    out.push(k.acceptQueue.length);
    for (const c of k.acceptQueue) out.push(connRank.get(c) ?? 0);
  }
  out.push(s.groups.length);
  for (const g of s.groups) {
    out.push(g.port, g.members.length);
    for (const m of g.members) out.push(sockName[m] ?? 0);
    if (g.table === null) {
      out.push(0);
      continue;
    }
    out.push(1, g.table.policy);
    for (const c of cpuOrder) {
      const row = g.table.rows[c] ?? [];
      out.push(row.length);
      for (const m of row) out.push(sockName[m] ?? 0);
      out.push(g.table.cursors[c] ?? 0);
    }
  }
  out.push(s.conns.length);
  for (const c of s.conns) {
    out.push(cpuName[c.cpu] ?? 0, c.hash >>> 16, c.hash & 0xffff, sockName[c.owner] ?? 0);
    out.push(CONN_PHASES[c.phase]);
  }
  for (const memory of memories) {
    out.push(memory.length);
    if (memory.length === 0) continue;
    const entries = memory
      .map((m) => [
        groupRank.get(m.group) ?? 0,
        cpuName[m.cpu] ?? 0,
        ...m.socks.map((k) => sockName[k] ?? 0),
      ])
      .sort(compareLists);
    for (const e of entries) out.push(e.length, ...e);
  }
  // Every number is small (ports and halves of hashes fit in 16 bits): one unit each.
  return String.fromCharCode.apply(null, out);
}

function identity(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i);
  return out;
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Sockets by what they are, whatever they are called; ties keep their order. */
function sortedSockets(s: State): SockId[] {
  const owned = new Int32Array(s.sockets.length * 3);
  for (const c of s.conns) {
    const i = c.owner * 3 + CONN_PHASES[c.phase];
    owned[i] = (owned[i] ?? 0) + 1;
  }
  const sig = s.sockets.map((k) => [
    k.uid,
    PHASES[k.phase],
    k.reuseport ? 1 : 0,
    k.port ?? 0,
    k.portLocked ? 1 : 0,
    k.backlog,
    k.count,
    k.rps === null ? -1 : k.rps.policy,
    k.rps?.limit ?? -1,
    k.rps?.mask.length ?? -1,
    k.acceptQueue.length,
    owned[k.id * 3] ?? 0,
    owned[k.id * 3 + 1] ?? 0,
    owned[k.id * 3 + 2] ?? 0,
    k.id,
  ]);
  return sig.sort(compareLists).map((x) => x[x.length - 1] ?? 0);
}

/** CPUs by their rows, cursors and connections under the new socket names. */
function sortedCpus(s: State, sockName: Int32Array): number[] {
  const sig: number[][] = [];
  for (let c = 0; c < s.cpus; c++) {
    const x: number[] = [];
    for (const g of s.groups) {
      const row = g.table?.rows[c] ?? [];
      x.push(row.length, ...row.map((m) => sockName[m] ?? 0), g.table?.cursors[c] ?? 0);
    }
    for (const k of s.sockets) if (k.rps?.mask.includes(c)) x.push(sockName[k.id] ?? 0);
    x.push(-1);
    for (const conn of s.conns)
      if (conn.cpu === c) x.push(sockName[conn.owner] ?? 0, CONN_PHASES[conn.phase]);
    x.push(-1, c);
    sig.push(x);
  }
  return sig.sort(compareLists).map((x) => x[x.length - 1] ?? 0);
}
