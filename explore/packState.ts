import type { Conn, ConnPhase, Cookie, Group, Socket, SockPhase, State, Table } from '../model';
import type { Memory } from '../properties';

const PHASES: readonly SockPhase[] = ['open', 'bound', 'listening', 'closed'];
const CONN_PHASES: readonly ConnPhase[] = ['request', 'queued', 'accepted'];

/**
 * A growable list of 32-bit integers that states are packed into, so that the states
 * waiting on the explorer's queue take a few hundred bytes each in one typed array, not
 * a graph of objects on the heap.
 */
export class PackWriter {
  buf = new Int32Array(1 << 12);
  length = 0;

  /** Appends one integer. */
  push(x: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Int32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = x;
  }

  /** Empties it, keeping its array. */
  clear(): void {
    this.length = 0;
  }

  /** A copy of what it holds. */
  take(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Packs a state and its monitors' memories, exactly: {@link unpackState} gives back a
 * state that `sameState` finds equal, with the same identities and counters (unlike the
 * explorer's key, which forgets them). Hashes are stored as signed 32-bit integers.
 */
export function packState(s: State, memories: readonly (readonly Memory[])[], w: PackWriter): void {
  w.push(s.cpus);
  w.push((s.migrateReq ? 1 : 0) | (s.syncookies ? 2 : 0));
  w.push(s.nextConn);
  w.push(s.nextGroup);
  const c = s.counters;
  w.push(c.limitDrops);
  w.push(c.overflows);
  w.push(c.noListener);
  w.push(c.fallbacks);
  w.push(c.migrations);
  w.push(c.resets);
  w.push(c.expired);
  w.push(s.sockets.length);
  for (const k of s.sockets) packSocket(k, w);
  w.push(s.groups.length);
  for (const g of s.groups) packGroup(g, w);
  w.push(s.conns.length);
  for (const k of s.conns) {
    w.push(k.id);
    w.push(k.cpu);
    w.push(k.hash | 0);
    w.push(k.owner);
    w.push(CONN_PHASES.indexOf(k.phase));
  }
  w.push(s.cookies.length);
  for (const k of s.cookies) {
    w.push(k.id);
    w.push(k.port);
    w.push(k.hash | 0);
  }
  w.push(memories.length);
  for (const memory of memories) {
    w.push(memory.length);
    for (const m of memory) {
      w.push(m.group);
      w.push(m.cpu);
      pushList(m.socks, w);
    }
  }
}

function pushList(list: readonly number[], w: PackWriter): void {
  w.push(list.length);
  for (const x of list) w.push(x);
}

function packSocket(k: Socket, w: PackWriter): void {
  w.push(k.id);
  w.push(k.uid);
  w.push(
    (k.proto === 'tcp' ? 0 : 1) |
      (k.reuseport ? 2 : 0) |
      (k.portLocked ? 4 : 0) |
      (k.prog ? 8 : 0) |
      (PHASES.indexOf(k.phase) << 4),
  );
  if (k.rps === null) w.push(-1);
  else {
    pushList(k.rps.mask, w);
    w.push(k.rps.policy);
    w.push(k.rps.limit);
  }
  w.push(k.port ?? -1);
  w.push(k.backlog);
  w.push(k.group ?? -1);
  w.push(k.count);
  pushList(k.acceptQueue, w);
}

function packGroup(g: Group, w: PackWriter): void {
  w.push(g.id);
  w.push(g.port);
  w.push(g.prog ? 1 : 0);
  pushList(g.members, w);
  if (g.table === null) {
    w.push(-1);
    return;
  }
  w.push(g.table.policy);
  for (const row of g.table.rows) pushList(row, w);
  for (const cursor of g.table.cursors) w.push(cursor);
}

/** A reader over packed integers, from an offset. */
export class PackReader {
  constructor(
    private readonly buf: Int32Array,
    public offset = 0,
  ) {}

  /** The next integer. */
  next(): number {
    const x = this.buf[this.offset++];
    if (x === undefined) throw new RangeError(`packed state: read past the end at ${this.offset}`);
    return x;
  }

  /** The next list of integers. */
  list(): number[] {
    const n = this.next();
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }
}

/**
 * The state and memories {@link packState} packed at the reader's offset; the reader
 * ends after them. Records are built with their fields in the model's order, so that they
 * share the hidden classes of the records the model builds.
 */
export function unpackState(r: PackReader): { state: State; memories: Memory[][] } {
  const cpus = r.next();
  const flags = r.next();
  const nextConn = r.next();
  const nextGroup = r.next();
  const counters = {
    limitDrops: r.next(),
    overflows: r.next(),
    noListener: r.next(),
    fallbacks: r.next(),
    migrations: r.next(),
    resets: r.next(),
    expired: r.next(),
  };
  const sockets: Socket[] = [];
  for (let n = r.next(); n > 0; n--) sockets.push(unpackSocket(r));
  const groups: Group[] = [];
  for (let n = r.next(); n > 0; n--) groups.push(unpackGroup(r, cpus));
  const conns: Conn[] = [];
  for (let n = r.next(); n > 0; n--) {
    const id = r.next();
    const cpu = r.next();
    const hash = r.next() >>> 0;
    const owner = r.next();
    conns.push({ id, cpu, hash, owner, phase: CONN_PHASES[r.next()] ?? 'request' });
  }
  const cookies: Cookie[] = [];
  for (let n = r.next(); n > 0; n--) {
    const id = r.next();
    const port = r.next();
    cookies.push({ id, port, hash: r.next() >>> 0 });
  }
  const memories: Memory[][] = [];
  for (let n = r.next(); n > 0; n--) {
    const memory: Memory[] = [];
    for (let m = r.next(); m > 0; m--) {
      const group = r.next();
      const cpu = r.next();
      memory.push({ group, cpu, socks: r.list() });
    }
    memories.push(memory);
  }
  const state: State = {
    cpus,
    migrateReq: (flags & 1) !== 0,
    syncookies: (flags & 2) !== 0,
    sockets,
    groups,
    conns,
    cookies,
    nextConn,
    nextGroup,
    counters,
  };
  return { state, memories };
}

function unpackSocket(r: PackReader): Socket {
  const id = r.next();
  const uid = r.next();
  const bits = r.next();
  const maskLength = r.next();
  let rps: Socket['rps'] = null;
  if (maskLength >= 0) {
    const mask: number[] = [];
    for (let i = 0; i < maskLength; i++) mask.push(r.next());
    const policy = r.next();
    rps = { mask, policy, limit: r.next() };
  }
  const port = r.next();
  const backlog = r.next();
  const group = r.next();
  const count = r.next();
  return {
    id,
    uid,
    proto: (bits & 1) === 0 ? 'tcp' : 'udp',
    phase: PHASES[bits >> 4] ?? 'open',
    reuseport: (bits & 2) !== 0,
    rps,
    port: port < 0 ? null : port,
    portLocked: (bits & 4) !== 0,
    backlog,
    group: group < 0 ? null : group,
    count,
    acceptQueue: r.list(),
    prog: (bits & 8) !== 0,
  };
}

function unpackGroup(r: PackReader, cpus: number): Group {
  const id = r.next();
  const port = r.next();
  const prog = r.next() === 1;
  const members = r.list();
  const policy = r.next();
  let table: Table | null = null;
  if (policy >= 0) {
    const rows: number[][] = [];
    for (let c = 0; c < cpus; c++) rows.push(r.list());
    const cursors: number[] = [];
    for (let c = 0; c < cpus; c++) cursors.push(r.next());
    table = { policy: policy === 0 ? 0 : 1, rows, cursors };
  }
  return { id, port, members, table, prog };
}
