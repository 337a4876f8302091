import type { TraceStep } from '../trace/TraceFile';

/** A scenario of the vector set, before the model adds what each step must return. */
export interface Scenario {
  readonly comment: string;
  /** Notes (see `NOTES`) that say what the scenario exercises. */
  readonly flags: readonly string[];
  /** Run under `net.ipv4.tcp_syncookies` = 2: every SYN is answered with a cookie. */
  readonly syncookies?: boolean;
  readonly steps: readonly TraceStep[];
}

/** The CPU count of every vector: the selftest boots with -smp 4. */
export const VECTOR_CPUS = 4;

/** A small deterministic generator (mulberry32), so that a seed gives one vector set. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = (rng: Rng, n: number): number => Math.floor(rng() * n);
const u32 = (rng: Rng): number => Math.floor(rng() * 4294967296);

const PORT = 8080;

/** The steps that make `name` a listener; `rps` null makes a plain SO_REUSEPORT one. */
function listener(
  name: string,
  rps: { mask: number[]; policy?: 'round-robin' | 'fill-first'; limit?: number } | null,
  uid = 1000,
  backlog = 128,
): TraceStep[] {
  return [
    { do: 'socketOpen', sock: name, uid },
    { do: 'socketSetReuseport', sock: name, on: true },
    ...(rps === null
      ? []
      : [
          {
            do: 'socketSetReuserps',
            sock: name,
            mask: rps.mask,
            policy: rps.policy ?? 'round-robin',
            limit: rps.limit ?? 0,
          } as TraceStep,
        ]),
    { do: 'socketBind', sock: name, port: PORT },
    { do: 'socketListen', sock: name, backlog },
  ];
}

const syn = (rng: Rng, cpu: number, conn?: string): TraceStep => ({
  do: 'synArrive',
  port: PORT,
  cpu,
  hash: u32(rng),
  ...(conn === undefined ? {} : { conn }),
});

const names = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));

/** Every scenario of a vector set, each drawn from `rng`. */
export function scenarios(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  for (let round = 0; round < 2; round++) {
    const c = pick(rng, VECTOR_CPUS);
    const k = 2 + pick(rng, 3);
    out.push({
      comment: `round-robin over ${k} listeners of CPU ${c}: two turns each`,
      flags: ['RoundRobin'],
      steps: [
        ...names(k).flatMap((n) => listener(n, { mask: [c] })),
        ...Array.from({ length: 2 * k }, () => syn(rng, c)),
      ],
    });
  }
  const order = [0, 1, 2, 3].sort(() => rng() - 0.5);
  out.push({
    comment: `one listener per CPU: each SYN reaches its CPU's listener (CPUs ${order.join(', ')})`,
    flags: ['RoundRobin', 'PerCpu'],
    steps: [
      ...names(VECTOR_CPUS).flatMap((n, i) => listener(n, { mask: [i] })),
      ...order.map((cpu) => syn(rng, cpu)),
    ],
  });
  {
    const c = pick(rng, VECTOR_CPUS);
    const limits = [1 + pick(rng, 2), 1 + pick(rng, 2)];
    const total = (limits[0] ?? 0) + (limits[1] ?? 0);
    out.push({
      comment: `fill-first on CPU ${c} with limits ${limits.join(' and ')}: fill in order, then drop`,
      flags: ['FillFirst', 'Limit', 'LimitDrop'],
      steps: [
        ...listener('A', { mask: [c], policy: 'fill-first', limit: limits[0] ?? 1 }),
        ...listener('B', { mask: [c], policy: 'fill-first', limit: limits[1] ?? 1 }),
        ...Array.from({ length: total + 1 }, () => syn(rng, c)),
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `round-robin with a limit of 1 each on CPU ${c}: the third SYN is dropped, not spilled`,
      flags: ['RoundRobin', 'Limit', 'LimitDrop'],
      steps: [
        ...listener('A', { mask: [c], limit: 1 }),
        ...listener('B', { mask: [c], limit: 1 }),
        ...listener('C', { mask: [(c + 1) % VECTOR_CPUS] }),
        syn(rng, c),
        syn(rng, c),
        syn(rng, c),
      ],
    });
  }
  {
    const empty = 2 + pick(rng, 2);
    out.push({
      comment: `CPU ${empty} has no listener: the flow hash picks one of the group`,
      flags: ['Fallback'],
      steps: [
        ...listener('A', { mask: [0] }),
        ...listener('B', { mask: [1] }),
        syn(rng, empty),
        syn(rng, 0),
      ],
    });
  }
  for (const at of ['close', 'ack', 'timer'] as const) {
    const c = pick(rng, VECTOR_CPUS);
    const pending: TraceStep[] =
      at === 'close'
        ? [
            syn(rng, c, 'c1'),
            { do: 'ackArrive', conn: 'c1', cpu: c },
            { do: 'socketClose', sock: 'A' },
          ]
        : [
            syn(rng, c, 'c1'),
            { do: 'socketClose', sock: 'A' },
            at === 'ack'
              ? { do: 'ackArrive', conn: 'c1', cpu: c }
              : { do: 'synAckTimer', conn: 'c1', cpu: c },
          ];
    out.push({
      comment: `A closes with a connection pending on CPU ${c}: it migrates to B at ${at === 'close' ? 'close' : `its ${at === 'ack' ? 'ACK' : 'SYN-ACK timer'}`}`,
      flags: [at === 'close' ? 'MigrateAtClose' : at === 'ack' ? 'MigrateAtAck' : 'MigrateAtTimer'],
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c] }),
        ...pending,
        { do: 'listenerAccept', sock: 'B' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A closes; B, the other listener of CPU ${c}, is full: the child is reset at once`,
      flags: ['Reset', 'Limit'],
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c], limit: 1 }),
        syn(rng, c, 'c1'),
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'socketClose', sock: 'A' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A closes, a request pending on CPU ${c}; B's queue is full: the ACK waits for room`,
      flags: ['MigrateAtAck', 'AckDropped'],
      // B listens with a backlog of 0: one queued child fills it.
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c] }, 1000, 0),
        syn(rng, c, 'c1'),
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c2', cpu: c },
        { do: 'socketClose', sock: 'A' },
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'listenerAccept', sock: 'B' },
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'listenerAccept', sock: 'B' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A closes; B, the other listener of CPU ${c}, is full: the request is reset at its ACK`,
      flags: ['Reset', 'Limit', 'MigrateAtAck'],
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c], limit: 1 }),
        syn(rng, c, 'c1'),
        syn(rng, c, 'c2'),
        { do: 'socketClose', sock: 'A' },
        { do: 'ackArrive', conn: 'c1', cpu: c },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `a pending request counts against the limit of 1 on CPU ${c} until it expires`,
      flags: ['Limit', 'LimitDrop', 'Expire'],
      // getsockopt reports the count: 1 while the request waits, 0 once it expired, 1
      // again for the accepted connection.
      steps: [
        ...listener('A', { mask: [c], limit: 1 }),
        syn(rng, c, 'c1'),
        syn(rng, c),
        { do: 'socketGetReuserps', sock: 'A' },
        { do: 'requestExpire', conn: 'c1' },
        { do: 'socketGetReuserps', sock: 'A' },
        syn(rng, c, 'c3'),
        { do: 'ackArrive', conn: 'c3', cpu: c },
        { do: 'listenerAccept', sock: 'A' },
        { do: 'socketGetReuserps', sock: 'A' },
      ],
    });
  }
  out.push({
    comment: 'the errors of the option value, and who may join a group',
    flags: [
      'EmptyMask',
      'CpuOutOfRange',
      'UnknownPolicy',
      'NotTcp',
      'NoReuseport',
      'ModeMismatch',
      'PolicyMismatch',
      'UidRejected',
      'GetOption',
    ],
    steps: [
      ...listener('A', { mask: [0] }),
      { do: 'socketOpen', sock: 'P', uid: 1000 },
      { do: 'socketSetReuserps', sock: 'P', mask: [] },
      { do: 'socketSetReuserps', sock: 'P', mask: [VECTOR_CPUS] },
      { do: 'socketSetReuserps', sock: 'P', mask: [0], policy: 2 + pick(rng, 100) },
      { do: 'socketSetReuserps', sock: 'P', mask: [0], limit: 3 },
      { do: 'socketGetReuserps', sock: 'P' },
      { do: 'socketListen', sock: 'P', backlog: 16 },
      { do: 'socketOpen', sock: 'U', uid: 1000, proto: 'udp' },
      { do: 'socketSetReuserps', sock: 'U', mask: [0] },
      ...listener('M', null),
      ...listener('F', { mask: [1], policy: 'fill-first' }),
      { do: 'socketOpen', sock: 'X', uid: 1001 },
      { do: 'socketSetReuseport', sock: 'X', on: true },
      { do: 'socketBind', sock: 'X', port: PORT },
    ],
  });
  out.push({
    comment: 'a reuseport BPF program and SO_REUSERPS refuse each other, in both orders',
    flags: ['BpfRefused'],
    steps: [
      { do: 'socketOpen', sock: 'P', uid: 1000 },
      { do: 'socketSetReuseport', sock: 'P', on: true },
      { do: 'socketSetReuserps', sock: 'P', mask: [0] },
      { do: 'socketAttachProg', sock: 'P' },
      { do: 'socketOpen', sock: 'Q', uid: 1000 },
      { do: 'socketSetReuseport', sock: 'Q', on: true },
      { do: 'socketAttachProg', sock: 'Q' },
      { do: 'socketSetReuserps', sock: 'Q', mask: [0] },
      { do: 'socketBind', sock: 'Q', port: PORT },
      { do: 'socketListen', sock: 'Q', backlog: 16 },
      { do: 'socketSetReuserps', sock: 'Q', mask: [0] },
    ],
  });
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `SYN cookies on CPU ${c}: a SYN moves no cursor, each ACK takes the row's next turn`,
      flags: ['SynCookies', 'RoundRobin'],
      syncookies: true,
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c] }),
        syn(rng, c, 'c1'),
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c2', cpu: c },
        { do: 'ackArrive', conn: 'c1', cpu: c },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `SYN cookies on CPU ${c} with a limit of 1: the second cookie's ACK is dropped`,
      flags: ['SynCookies', 'Limit', 'LimitDrop'],
      syncookies: true,
      steps: [
        ...listener('A', { mask: [c], limit: 1 }),
        syn(rng, c, 'c1'),
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'ackArrive', conn: 'c2', cpu: c },
        { do: 'socketGetReuserps', sock: 'A' },
        syn(rng, c, 'c3'),
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A leaves the row of CPU ${c} by closing: B and C keep their order`,
      flags: ['RoundRobin', 'Compaction'],
      steps: [
        ...['A', 'B', 'C'].flatMap((n) => listener(n, { mask: [c] })),
        { do: 'socketClose', sock: 'A' },
        syn(rng, c),
        syn(rng, c),
        syn(rng, c),
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    const d = (c + 1 + pick(rng, VECTOR_CPUS - 1)) % VECTOR_CPUS;
    out.push({
      comment: `A moves from CPU ${c} to CPU ${d} in place, behind the cursor: the row's next turn stays C's`,
      flags: ['RoundRobin', 'Compaction', 'InPlaceUpdate'],
      steps: [
        ...['A', 'B', 'C'].flatMap((n) => listener(n, { mask: [c] })),
        syn(rng, c),
        syn(rng, c),
        { do: 'socketSetReuserps', sock: 'A', mask: [d], policy: 'round-robin', limit: 0 },
        syn(rng, c),
        syn(rng, c),
        syn(rng, d),
        { do: 'socketGetReuserps', sock: 'A' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A's accept queue on CPU ${c} is full: its SYNs are dropped and its turn is kept`,
      flags: ['RoundRobin', 'QueueFull'],
      // A listens with a backlog of 0: one queued child fills it.
      steps: [
        ...listener('A', { mask: [c] }, 1000, 0),
        ...listener('B', { mask: [c] }),
        syn(rng, c, 'c1'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        syn(rng, c),
        syn(rng, c),
        syn(rng, c),
        { do: 'listenerAccept', sock: 'A' },
        syn(rng, c),
        syn(rng, c),
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A closes with two children of CPU ${c}: they spread over B and C as two SYNs would`,
      flags: ['MigrateAtClose', 'RoundRobin'],
      steps: [
        ...listener('A', { mask: [c] }),
        syn(rng, c, 'c1'),
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'ackArrive', conn: 'c2', cpu: c },
        ...['B', 'C'].flatMap((n) => listener(n, { mask: [c] })),
        { do: 'socketClose', sock: 'A' },
        { do: 'listenerAccept', sock: 'B' },
        { do: 'listenerAccept', sock: 'C' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `SYN cookies on CPU ${c}: each ACK takes the next turn whatever the SYNs between`,
      flags: ['SynCookies', 'RoundRobin'],
      syncookies: true,
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c] }),
        syn(rng, c, 'c1'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c2', cpu: c },
        syn(rng, c, 'c3'),
        { do: 'ackArrive', conn: 'c3', cpu: c },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A's accepted connection closes: A's limit of 1 on CPU ${c} takes the next SYN`,
      flags: ['Limit', 'LimitDrop', 'ConnClose'],
      steps: [
        ...listener('A', { mask: [c], limit: 1 }),
        syn(rng, c, 'c1'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'listenerAccept', sock: 'A' },
        syn(rng, c),
        { do: 'connClose', conn: 'c1' },
        { do: 'socketGetReuserps', sock: 'A' },
        syn(rng, c, 'c3'),
        { do: 'ackArrive', conn: 'c3', cpu: c },
        { do: 'listenerAccept', sock: 'A' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `A shuts down: its child of CPU ${c} migrates to B; A listens again behind B`,
      flags: ['MigrateAtClose', 'RoundRobin', 'Shutdown'],
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('B', { mask: [c] }),
        syn(rng, c, 'c1'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        { do: 'socketShutdown', sock: 'A' },
        { do: 'listenerAccept', sock: 'B' },
        { do: 'socketListen', sock: 'A', backlog: 128 },
        syn(rng, c),
        syn(rng, c),
        syn(rng, c),
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `round-robin on CPU ${c} skips A at its limit and resumes past the listener it chose`,
      flags: ['RoundRobin', 'Limit'],
      steps: [
        ...listener('A', { mask: [c], limit: 1 }),
        ...listener('B', { mask: [c] }),
        ...listener('C', { mask: [c] }),
        ...Array.from({ length: 5 }, () => syn(rng, c)),
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    const d = (c + 1 + pick(rng, VECTOR_CPUS - 1)) % VECTOR_CPUS;
    out.push({
      comment: `A closes with a request of CPU ${c}; its ACK on CPU ${d} migrates it by CPU ${d}'s row`,
      flags: ['MigrateAtAck', 'PerCpu'],
      steps: [
        ...listener('A', { mask: [c] }),
        ...listener('C', { mask: [c] }),
        ...listener('B', { mask: [d] }),
        syn(rng, c, 'c1'),
        { do: 'socketClose', sock: 'A' },
        { do: 'ackArrive', conn: 'c1', cpu: d },
        { do: 'listenerAccept', sock: 'B' },
      ],
    });
  }
  {
    const c = pick(rng, VECTOR_CPUS);
    out.push({
      comment: `accept() on CPU ${c}'s listener returns its children oldest first`,
      flags: ['Accept'],
      steps: [
        ...listener('A', { mask: [c] }),
        syn(rng, c, 'c1'),
        { do: 'ackArrive', conn: 'c1', cpu: c },
        syn(rng, c, 'c2'),
        { do: 'ackArrive', conn: 'c2', cpu: c },
        { do: 'listenerAccept', sock: 'A' },
        { do: 'listenerAccept', sock: 'A' },
      ],
    });
  }
  out.push({
    comment: 'a 129th listener for one CPU is ENOSPC',
    flags: ['RowFull'],
    steps: Array.from({ length: 129 }, (_, i) => listener(`L${i}`, { mask: [0] })).flat(),
  });
  return out;
}
