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
 *
 * The explorer computes a key for almost every transition, so this function avoids
 * allocating: small arrays and loops instead of maps, sets and closures.
 */
export function stateKey(
  s: State,
  memories: readonly (readonly Memory[])[],
  symmetry: boolean,
): string {
  // Every number is small (ports and halves of hashes fit in 16 bits): one unit each.
  return String.fromCharCode.apply(null, keyUnits(s, memories, symmetry) as number[]);
}

/** The units of a key, reused from call to call. */
const out: number[] = [];

/**
 * The UTF-16 units of {@link stateKey}, without building the string: the explorer hashes
 * them into a fingerprint directly. The array is reused: it holds the key only until the
 * next call.
 */
export function keyUnits(
  s: State,
  memories: readonly (readonly Memory[])[],
  symmetry: boolean,
): readonly number[] {
  out.length = 0;
  const nSocks = s.sockets.length;
  const sockOrder = symmetry ? sortedSockets(s) : identity(nSocks);
  const sockName = new Int32Array(nSocks);
  for (let k = 0; k < nSocks; k++) sockName[sockOrder[k] ?? 0] = k;
  const cpuOrder = symmetry ? sortedCpus(s, sockName) : identity(s.cpus);
  const cpuName = new Int32Array(s.cpus);
  for (let k = 0; k < s.cpus; k++) cpuName[cpuOrder[k] ?? 0] = k;
  const groupIds = groupIdsOf(s);

  for (const id of sockOrder) {
    const k = s.sockets[id] as Socket;
    out.push(k.uid, k.proto === 'tcp' ? 0 : 1, PHASES[k.phase], k.reuseport ? 1 : 0, k.port ?? 0);
    out.push(k.portLocked ? 1 : 0);
    out.push(k.backlog, k.group === null ? 0 : groupIds.indexOf(k.group) + 1, k.count);
    if (k.rps === null) out.push(0);
    else {
      let mask = 0;
      for (const c of k.rps.mask) mask |= 1 << (cpuName[c] ?? 0);
      out.push(1, k.rps.policy, k.rps.limit, mask);
    }
    out.push(k.acceptQueue.length, k.prog ? 1 : 0);
    for (const c of k.acceptQueue) out.push(connRank(s, c));
  }
  out.push(s.groups.length);
  for (const g of s.groups) {
    out.push(g.port, g.prog ? 1 : 0, g.members.length);
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
  // A cookie becomes a connection with its own id: where it ranks among them matters.
  out.push(s.syncookies ? 1 : 0, s.cookies.length);
  for (const k of s.cookies) {
    let rank = 0;
    while (rank < s.conns.length && (s.conns[rank]?.id ?? 0) < k.id) rank++;
    out.push(rank, k.port, k.hash >>> 16, k.hash & 0xffff);
  }
  for (const memory of memories) {
    out.push(memory.length);
    if (memory.length === 0) continue;
    const entries = memory
      .map((m) => [
        groupIds.indexOf(m.group),
        cpuName[m.cpu] ?? 0,
        ...m.socks.map((k) => sockName[k] ?? 0),
      ])
      .sort(compareLists);
    for (const e of entries) out.push(e.length, ...e);
  }
  return out;
}

function identity(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i);
  return out;
}

/** The ids of live groups and of groups sockets remember, ascending: a group's rank. */
function groupIdsOf(s: State): GroupId[] {
  const ids: GroupId[] = [];
  for (const g of s.groups) ids.push(g.id);
  for (const k of s.sockets) if (k.group !== null && !ids.includes(k.group)) ids.push(k.group);
  return ids.sort((a, b) => a - b);
}

/** A connection's rank among the live ones, which are kept in ascending id order. */
function connRank(s: State, id: number): number {
  for (let i = 0; i < s.conns.length; i++) if (s.conns[i]?.id === id) return i;
  return 0;
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Sorts the few indices in `order` in place, stably, by a comparator like `Array.sort`s. */
function insertionSort(order: number[], compare: (a: number, b: number) => number): number[] {
  for (let i = 1; i < order.length; i++) {
    const x = order[i] ?? 0;
    let j = i - 1;
    for (; j >= 0 && compare(order[j] ?? 0, x) > 0; j--) order[j + 1] = order[j] ?? 0;
    order[j + 1] = x;
  }
  return order;
}

/**
 * Sockets by what they are, whatever they are called: uid, phase, options, port, backlog,
 * counts, the length of the queue and how many of each kind of connection they own. Ties
 * keep their order.
 */
function sortedSockets(s: State): SockId[] {
  const owned = new Int32Array(s.sockets.length * 3);
  for (const c of s.conns) {
    const i = c.owner * 3 + CONN_PHASES[c.phase];
    owned[i] = (owned[i] ?? 0) + 1;
  }
  const socks = s.sockets;
  return insertionSort(identity(socks.length), (i, j) => {
    const a = socks[i] as Socket;
    const b = socks[j] as Socket;
    return (
      a.uid - b.uid ||
      PHASES[a.phase] - PHASES[b.phase] ||
      Number(a.reuseport) - Number(b.reuseport) ||
      (a.port ?? 0) - (b.port ?? 0) ||
      Number(a.portLocked) - Number(b.portLocked) ||
      a.backlog - b.backlog ||
      a.count - b.count ||
      (a.rps?.policy ?? -1) - (b.rps?.policy ?? -1) ||
      (a.rps?.limit ?? -1) - (b.rps?.limit ?? -1) ||
      (a.rps?.mask.length ?? -1) - (b.rps?.mask.length ?? -1) ||
      a.acceptQueue.length - b.acceptQueue.length ||
      Number(a.prog) - Number(b.prog) ||
      (owned[i * 3] ?? 0) - (owned[j * 3] ?? 0) ||
      (owned[i * 3 + 1] ?? 0) - (owned[j * 3 + 1] ?? 0) ||
      (owned[i * 3 + 2] ?? 0) - (owned[j * 3 + 2] ?? 0)
    );
  });
}

/** CPUs by their rows, cursors and connections under the new socket names. */
function sortedCpus(s: State, sockName: Int32Array): number[] {
  const sig: number[][] = [];
  for (let c = 0; c < s.cpus; c++) {
    const x: number[] = [];
    for (const g of s.groups) {
      const row = g.table?.rows[c] ?? [];
      x.push(row.length);
      for (const m of row) x.push(sockName[m] ?? 0);
      x.push(g.table?.cursors[c] ?? 0);
    }
    for (const k of s.sockets) if (k.rps?.mask.includes(c)) x.push(sockName[k.id] ?? 0);
    x.push(-1);
    for (const conn of s.conns) {
      if (conn.cpu === c) x.push(sockName[conn.owner] ?? 0, CONN_PHASES[conn.phase]);
    }
    sig.push(x);
  }
  return insertionSort(identity(s.cpus), (a, b) => compareLists(sig[a] ?? [], sig[b] ?? []));
}
