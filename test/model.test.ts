import test from 'ava';
import { initialState, ROW_MAX, SOMAXCONN, step, type State } from '../model';
import { apply, listenerActions, placedOn, withListeners } from './build';

const syn = (cpu: number, hash = 0) => ({ type: 'synArrive', port: 80, cpu, hash }) as const;
const rowsOf = (s: State, cpu: number) => s.groups[0]?.table?.rows[cpu];
const cursorOf = (s: State, cpu: number) => s.groups[0]?.table?.cursors[cpu];

test('a 129th listener for one CPU is ENOSPC and changes nothing', (t) => {
  const full = withListeners(2, ROW_MAX, [0]);
  const { state } = apply(
    full,
    listenerActions(ROW_MAX, { mask: [1, 0], policy: 0, limit: 0 }).slice(0, 4),
  );
  const r = step(state, { type: 'socketListen', sock: ROW_MAX, backlog: 1 });
  t.deepEqual(r.outcome, { ok: false, errno: 'ENOSPC' });
  t.is(r.state, state);
  t.is(rowsOf(r.state, 0)?.length, ROW_MAX);
  t.is(rowsOf(r.state, 1)?.length, 0);
});

test('an update that would overfill a row is ENOSPC; one into a row it is in already is not', (t) => {
  const s = apply(
    withListeners(2, ROW_MAX, [0]),
    listenerActions(ROW_MAX, { mask: [1], policy: 0, limit: 0 }),
  ).state;
  const into = step(s, {
    type: 'socketSetReuserps',
    sock: ROW_MAX,
    opt: { mask: [0, 1], policy: 0, limit: 0 },
  });
  t.deepEqual(into.outcome, { ok: false, errno: 'ENOSPC' });
  const within = step(s, {
    type: 'socketSetReuserps',
    sock: 0,
    opt: { mask: [0, 1], policy: 0, limit: 5 },
  });
  t.true(within.outcome.ok);
  t.deepEqual(rowsOf(within.state, 1), [ROW_MAX, 0]);
});

test('removal keeps order and the cursor stays with the listener it pointed at', (t) => {
  let s = withListeners(1, 4, [0]);
  s = apply(s, [syn(0), syn(0)]).state; // the cursor now points at socket 2
  t.is(cursorOf(s, 0), 2);
  s = apply(s, [{ type: 'socketClose', sock: 0 }]).state; // removed before the cursor
  t.deepEqual(rowsOf(s, 0), [1, 2, 3]);
  t.is(cursorOf(s, 0), 1);
  s = apply(s, [{ type: 'socketClose', sock: 2 }]).state; // removed at the cursor
  t.deepEqual(rowsOf(s, 0), [1, 3]);
  t.is(cursorOf(s, 0), 1);
  t.is(placedOn(step(s, syn(0)).outcome), 3);
  s = apply(s, [syn(0), { type: 'socketClose', sock: 1 }]).state;
  t.is(cursorOf(s, 0), 0); // the cursor was past the end: it wraps
});

test('getsockopt reports the count: a request, then none once it expired', (t) => {
  let s = withListeners(1, 1, [0]);
  const count = (st: State) => {
    const o = step(st, { type: 'socketGetReuserps', sock: 0 }).outcome;
    return o.ok ? o.count : undefined;
  };
  t.is(count(s), 0);
  s = apply(s, [syn(0)]).state;
  t.is(count(s), 1);
  s = apply(s, [{ type: 'requestExpire', conn: 0 }]).state;
  t.is(count(s), 0);
});

test('a closing listener hands its children of one CPU out in turn, leaving the cursor', (t) => {
  // Four listeners of CPU 0, round-robin: eight SYNs give socket 0 the first and fifth.
  let s = withListeners(1, 4, [0]);
  for (let i = 0; i < 8; i++) s = apply(s, [syn(0), { type: 'ackArrive', conn: i, cpu: 0 }]).state;
  t.is(cursorOf(s, 0), 0);
  const r = step(s, { type: 'socketClose', sock: 0 });
  const to = r.outcome.ok
    ? r.outcome.events.flatMap((e) => (e.kind === 'migrated' ? [e.to] : []))
    : [];
  t.deepEqual(to, [1, 2]);
  // Moved twice by the close, it would point at socket 3.
  t.is(cursorOf(r.state, 0), 0);
});

test('an in-place update keeps the listener where it is and appends it to new rows', (t) => {
  const s = withListeners(2, 3, [0]);
  const r = step(s, {
    type: 'socketSetReuserps',
    sock: 0,
    opt: { mask: [1, 0], policy: 0, limit: 0 },
  });
  t.true(r.outcome.ok);
  t.deepEqual(rowsOf(r.state, 0), [0, 1, 2]);
  t.deepEqual(rowsOf(r.state, 1), [0]);
  const get = step(r.state, { type: 'socketGetReuserps', sock: 0 });
  t.deepEqual(get.outcome, {
    ok: true,
    events: [],
    value: { mask: [0, 1], policy: 0, limit: 0 },
    count: 0,
  });
});

test('migration at close does not move the cursor of the CPU it serves', (t) => {
  let s = withListeners(2, 3, [0]);
  s = apply(s, [syn(0), { type: 'ackArrive', conn: 0, cpu: 0 }]).state;
  const before = cursorOf(s, 0);
  const r = step(s, { type: 'socketClose', sock: 0 });
  const moved = r.outcome.ok ? r.outcome.events : [];
  t.deepEqual(moved, [
    { kind: 'migrated', conn: 0, from: 0, to: 1, cpu: 0, via: 'row', at: 'close' },
  ]);
  t.is(cursorOf(r.state, 0), (before ?? 0) - 1); // only the compaction moved it
});

test('a failed call leaves the state exactly as it was', (t) => {
  const s = withListeners(2, 1, [0]);
  for (const a of [
    { type: 'socketSetReuserps', sock: 0, opt: { mask: [], policy: 0, limit: 0 } },
    { type: 'socketSetReuserps', sock: 0, opt: { mask: [2], policy: 0, limit: 0 } },
    { type: 'socketSetReuserps', sock: 0, opt: { mask: [0], policy: 2, limit: 0 } },
    { type: 'socketSetReuserps', sock: 0, opt: { mask: [0], policy: 1, limit: 0 } },
    { type: 'socketBind', sock: 0, port: 81 },
    { type: 'listenerAccept', sock: 0 },
    { type: 'ackArrive', conn: 7, cpu: 0 },
  ] as const) {
    t.is(step(s, a).state, s, a.type);
  }
});

test('listen caps the backlog at somaxconn, a negative one included', (t) => {
  const { state } = apply(initialState({ cpus: 1 }), [
    { type: 'socketOpen', uid: 1, proto: 'tcp' },
    { type: 'socketListen', sock: 0, backlog: -1 },
  ]);
  t.is(state.sockets[0]?.backlog, SOMAXCONN);
  t.is(state.sockets[0]?.port, 32768);
});

test('shutdown keeps the port; listening again joins the end of the rows', (t) => {
  let s = withListeners(1, 3, [0]);
  s = apply(s, [{ type: 'socketShutdown', sock: 0 }]).state;
  t.is(s.sockets[0]?.phase, 'bound');
  t.deepEqual(rowsOf(s, 0), [1, 2]);
  s = apply(s, [{ type: 'socketListen', sock: 0, backlog: 4 }]).state;
  t.deepEqual(rowsOf(s, 0), [1, 2, 0]);
});

test('a full accept queue drops the ACK and keeps the request (tcp_abort_on_overflow=0)', (t) => {
  // Backlog 1: the queue is full at 2 children (sk_acceptq_is_full is `>`).
  const { state } = apply(initialState({ cpus: 1 }), [
    { type: 'socketOpen', uid: 1, proto: 'tcp' },
    { type: 'socketBind', sock: 0, port: 80 },
    { type: 'socketListen', sock: 0, backlog: 1 },
    syn(0),
    syn(0),
    { type: 'ackArrive', conn: 0, cpu: 0 },
    syn(0),
    { type: 'ackArrive', conn: 1, cpu: 0 },
  ]);
  const r = step(state, { type: 'ackArrive', conn: 2, cpu: 0 });
  t.deepEqual(r.outcome, { ok: true, events: [{ kind: 'ackDropped', conn: 2, listener: 0 }] });
  t.is(r.state.conns.find((c) => c.id === 2)?.phase, 'request');
  const next = step(r.state, syn(0));
  t.deepEqual(next.outcome, {
    ok: true,
    events: [{ kind: 'dropped', cpu: 0, reason: 'acceptQueueFull', listener: 0 }],
  });
});

test('a plain group migrates on close only with tcp_migrate_req', (t) => {
  for (const migrateReq of [false, true]) {
    const setup = [...listenerActions(0, null), ...listenerActions(1, null)];
    const { state } = apply(initialState({ cpus: 1, migrateReq }), [
      ...setup,
      syn(0, 0),
      { type: 'ackArrive', conn: 0, cpu: 0 },
    ]);
    const r = step(state, { type: 'socketClose', sock: 0 });
    const kinds = r.outcome.ok ? r.outcome.events.map((e) => e.kind) : [];
    t.deepEqual(kinds, [migrateReq ? 'migrated' : 'reset'], `migrateReq ${migrateReq}`);
  }
});

test('listeners of a row without limits share its SYNs exactly evenly', (t) => {
  let s = withListeners(2, 3, [0, 1]);
  const tally = new Map<number, number>();
  for (let i = 0; i < 300; i++) {
    const r = step(s, syn(i % 2, i * 7919));
    s = r.state;
    const l = placedOn(r.outcome);
    if (l !== null) tally.set(l, (tally.get(l) ?? 0) + 1);
  }
  t.deepEqual([...tally.values()], [100, 100, 100]);
});

// The next three follow what the kernel differential found the kernel doing.

test('a socket with a program attached before listen() conflicts with any socket on its port', (t) => {
  const s = withListeners(1, 1, [0]);
  const { outcomes } = apply(s, [
    { type: 'socketOpen', uid: 1000, proto: 'tcp' },
    { type: 'socketSetReuseport', sock: 1, on: true },
    { type: 'socketAttachProg', sock: 1 },
    { type: 'socketBind', sock: 1, port: 80 },
    { type: 'socketBind', sock: 1, port: 81 },
  ]);
  t.like(outcomes[3], { ok: false, errno: 'EADDRINUSE' });
  t.like(outcomes[4], { ok: true });
});

test('a listener kept in its group after shutdown cannot listen again while a queued child holds the port', (t) => {
  // Listener 0 stops while listener 1 holds a child in its queue: a queued child has no
  // file yet and counts as root's, and with SO_REUSERPS listener 0 stays in the group.
  let s = withListeners(1, 2, [0]);
  s = apply(s, [syn(0), syn(0)]).state;
  const child = s.conns.find((c) => c.owner === 1)?.id ?? -1;
  s = apply(s, [
    { type: 'ackArrive', conn: child, cpu: 0 },
    { type: 'socketShutdown', sock: 0 },
  ]).state;
  const relisten = { type: 'socketListen', sock: 0, backlog: 4 } as const;
  t.like(step(s, relisten).outcome, { ok: false, errno: 'EADDRINUSE' });
  // Once accepted by its owner (uid 1000), the child no longer stands in the way.
  s = apply(s, [{ type: 'listenerAccept', sock: 1 }]).state;
  t.like(step(s, relisten).outcome, { ok: true });
});

test('listen() refuses SO_REUSERPS without SO_REUSEPORT before it looks at the port', (t) => {
  const s = withListeners(1, 1, [0]);
  const { state, outcomes } = apply(s, [
    { type: 'socketOpen', uid: 1000, proto: 'tcp' },
    { type: 'socketSetReuseport', sock: 1, on: true },
    { type: 'socketBind', sock: 1, port: 80 },
    { type: 'socketSetReuserps', sock: 1, opt: { mask: [0], policy: 0, limit: 0 } },
    { type: 'socketSetReuseport', sock: 1, on: false },
  ]);
  t.true(outcomes.every((o) => o.ok));
  // Without SO_REUSEPORT socket 1 also conflicts with listener 0, but EINVAL comes first.
  t.like(step(state, { type: 'socketListen', sock: 1, backlog: 4 }).outcome, {
    ok: false,
    errno: 'EINVAL',
  });
});
