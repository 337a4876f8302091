import test, { type ExecutionContext } from 'ava';
import { isDeepStrictEqual } from 'node:util';
import * as model from '../model';
import type { Action, Outcome, State } from '../model';
import { sameOutcome } from '../properties/sameOutcome';
import { sameState } from '../properties/sameState';
import { stateKey } from '../explore/stateKey';

/**
 * A run that makes every record kind and every event kind: sockets with and without the
 * option, a group with a table, connections in each phase, counters above zero, and
 * every event kind but `ackDropped`, and the extra answers of socketOpen and
 * socketGetReuserps.
 */
const RUN: readonly Action[] = [
  { type: 'socketOpen', uid: 1000, proto: 'tcp' },
  { type: 'socketSetReuseport', sock: 0, on: true },
  { type: 'socketSetReuserps', sock: 0, opt: { mask: [0, 1], policy: 0, limit: 3 } },
  { type: 'socketGetReuserps', sock: 0 },
  { type: 'socketListen', sock: 0, backlog: 4 },
  { type: 'socketOpen', uid: 1000, proto: 'tcp' },
  { type: 'socketSetReuseport', sock: 1, on: true },
  { type: 'socketSetReuserps', sock: 1, opt: { mask: [1], policy: 0, limit: 1 } },
  { type: 'socketBind', sock: 1, port: 32768 },
  { type: 'socketListen', sock: 1, backlog: 0 },
  { type: 'socketOpen', uid: 1000, proto: 'udp' },
  { type: 'synArrive', port: 32768, cpu: 1, hash: 77 },
  { type: 'synArrive', port: 32768, cpu: 1, hash: 78 },
  { type: 'synArrive', port: 32768, cpu: 0, hash: 5 },
  { type: 'synArrive', port: 32768, cpu: 0, hash: 9 },
  { type: 'ackArrive', conn: 0, cpu: 1 },
  { type: 'ackArrive', conn: 2, cpu: 0 },
  { type: 'listenerAccept', sock: 0 },
  { type: 'synArrive', port: 9, cpu: 0, hash: 1 },
  { type: 'synAckTimer', conn: 3, cpu: 0 },
  { type: 'socketShutdown', sock: 1 },
  { type: 'requestExpire', conn: 3 },
  { type: 'synAckTimer', conn: 1, cpu: 1 },
  { type: 'socketClose', sock: 0 },
  { type: 'connClose', conn: 99 },
];

/**
 * A run under SYN cookies that leaves cookies with the peer and a plain group with a BPF
 * program: the record kinds the first run cannot make, and the `cookieSent` event.
 */
const COOKIE_RUN: readonly Action[] = [
  { type: 'socketOpen', uid: 1000, proto: 'tcp' },
  { type: 'socketSetReuseport', sock: 0, on: true },
  { type: 'socketSetReuserps', sock: 0, opt: { mask: [0, 1], policy: 0, limit: 1 } },
  { type: 'socketListen', sock: 0, backlog: 4 },
  { type: 'socketOpen', uid: 1000, proto: 'tcp' },
  { type: 'socketSetReuseport', sock: 1, on: true },
  { type: 'socketAttachProg', sock: 1 },
  { type: 'socketBind', sock: 1, port: 81 },
  { type: 'socketListen', sock: 1, backlog: 4 },
  { type: 'synArrive', port: 32768, cpu: 0, hash: 1 },
  { type: 'synArrive', port: 32768, cpu: 1, hash: 2 },
  { type: 'ackArrive', conn: 0, cpu: 1 },
  { type: 'ackArrive', conn: 1, cpu: 0 },
  { type: 'socketOpen', uid: 1000, proto: 'tcp' },
  { type: 'socketSetReuseport', sock: 2, on: true },
  { type: 'socketAttachProg', sock: 2 },
];

function walk(
  run: readonly Action[] = RUN,
  config: model.Config = { cpus: 2 },
): { states: State[]; outcomes: Outcome[] } {
  let s = model.initialState(config);
  const states = [s];
  const outcomes: Outcome[] = [];
  for (const a of run) {
    const r = model.step(s, a);
    s = r.state;
    states.push(s);
    outcomes.push(r.outcome);
  }
  return { states, outcomes };
}

/** Every way to change one leaf of plain data: a path and the copy with that leaf changed. */
function* leafChanges(x: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(x)) {
    yield [`${path}.length+1`, [...x, x.length === 0 ? 0 : x[x.length - 1]]];
    for (let i = 0; i < x.length; i++) {
      for (const [p, v] of leafChanges(x[i], `${path}[${i}]`)) {
        const copy = x.slice();
        copy[i] = v;
        yield [p, copy];
      }
    }
    return;
  }
  if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      for (const [p, w] of leafChanges(v, `${path}.${k}`)) yield [p, { ...x, [k]: w }];
    }
    return;
  }
  if (typeof x === 'number') yield [path, x + 1];
  else if (typeof x === 'boolean') yield [path, !x];
  else if (typeof x === 'string') yield [path, `${x}!`];
  else yield [path, 0];
}

/** Both runs, the second one under SYN cookies. */
function walks(): { states: State[]; outcomes: Outcome[] }[] {
  return [walk(), walk(COOKIE_RUN, { cpus: 2, syncookies: true })];
}

test('the runs behind these tests make all but one event kind (not ackDropped)', (t) => {
  const kinds = new Set(
    walks().flatMap((w) => w.outcomes.flatMap((o) => (o.ok ? o.events.map((e) => e.kind) : []))),
  );
  const all = [
    'cookieSent',
    'placed',
    'dropped',
    'migrated',
    'reset',
    'established',
    'accepted',
    'ended',
    'retransmitted',
  ];
  for (const k of all) t.true(kinds.has(k as never), k);
});

/**
 * Checks that `same` holds for a copy of `x` and fails, both ways round, for every copy
 * with one leaf changed; returns how many leaves it changed.
 */
function seesEveryLeaf<T>(
  t: ExecutionContext,
  same: (a: T, b: T) => boolean,
  x: T,
  name: string,
): number {
  t.true(same(x, structuredClone(x)));
  let changes = 0;
  for (const [path, changed] of leafChanges(x, name)) {
    t.false(same(x, changed as T), path);
    t.false(same(changed as T, x), path);
    changes++;
  }
  return changes;
}

test('sameState sees a change in any field of any record', (t) => {
  const s = walk().states.at(-3) as State;
  t.true(s.conns.length > 0 && s.groups.length > 0);
  const changes = seesEveryLeaf(t, sameState, s, 'state');
  t.true(changes > 60, `only ${changes} leaves`);
  const c = walk(COOKIE_RUN, { cpus: 2, syncookies: true }).states.at(-1) as State;
  t.true(c.cookies.length > 0 && c.sockets.some((k) => k.prog) && c.groups.some((g) => g.prog));
  seesEveryLeaf(t, sameState, c, 'cookieState');
});

test('sameOutcome sees a change in any field of an outcome or event', (t) => {
  let changes = 0;
  for (const w of walks()) {
    for (const o of w.outcomes) changes += seesEveryLeaf(t, sameOutcome, o, 'outcome');
  }
  t.true(changes > 60, `only ${changes} leaves`);
});

test('sameState and sameOutcome agree with deep equality on every pair of a run', (t) => {
  const { states, outcomes } = walk(COOKIE_RUN, { cpus: 2, syncookies: true });
  states.push(...walk().states);
  outcomes.push(...walk().outcomes);
  for (const a of states) for (const b of states) t.is(sameState(a, b), isDeepStrictEqual(a, b));
  for (const a of outcomes) {
    for (const b of outcomes) t.is(sameOutcome(a, b), isDeepStrictEqual(a, b));
  }
});

// The explorer's key leaves out, by design: the event counters (no action reads them);
// tcp_migrate_req (a setting of the machine, the same in every state of an exploration);
// a socket's id (its index in the list, which the key already follows); and the identities
// of connections, cookies and groups, of which only the order matters (they are renumbered
// by rank, so adding one to an id that keeps its rank keeps the key, in an accept queue
// too). A mask with its last
// CPU repeated is the same set of CPUs (a mask never holds a CPU twice); a table has one
// row and one cursor per CPU, never one more.
const KEY_LEAVES_OUT =
  /^state\.migrateReq$|\.counters\.|(sockets|conns|cookies|groups)\[\d+\]\.id$|\.nextConn$|\.nextGroup$|\.mask\.length\+1$|\.(rows|cursors)\.length\+1$|\.acceptQueue\[\d+\]$/;

/** Each socket's transport flipped, each socket's and connection's phase set to another. */
function* enumChanges(s: State): Generator<[string, unknown]> {
  const sockPhases = ['open', 'bound', 'listening', 'closed'] as const;
  const connPhases = ['request', 'queued', 'accepted'] as const;
  for (const [i, k] of s.sockets.entries()) {
    const sockets = (x: object) => s.sockets.map((o, j) => (j === i ? { ...o, ...x } : o));
    yield [
      `sockets[${i}].proto=`,
      { ...s, sockets: sockets({ proto: k.proto === 'tcp' ? 'udp' : 'tcp' }) },
    ];
    for (const phase of sockPhases.filter((p) => p !== k.phase)) {
      yield [`sockets[${i}].phase=${phase}`, { ...s, sockets: sockets({ phase }) }];
    }
  }
  for (const [i, c] of s.conns.entries()) {
    for (const phase of connPhases.filter((p) => p !== c.phase)) {
      const conns = s.conns.map((o, j) => (j === i ? { ...o, phase } : o));
      yield [`conns[${i}].phase=${phase}`, { ...s, conns }];
    }
  }
}

test("the explorer's key (symmetry off) changes with any field of the state that behaviour depends on", (t) => {
  let changes = 0;
  for (const s of [
    walk().states.at(-3),
    walk(COOKIE_RUN, { cpus: 2, syncookies: true }).states.at(-1),
  ]) {
    const key = stateKey(s as State, [], false);
    for (const [path, changed] of [...leafChanges(s, 'state'), ...enumChanges(s as State)]) {
      // A string leaf changed to "x!" is no value of its enum (enumChanges gives real ones),
      // and an option that was never set (null) made 0 is no option value.
      if (KEY_LEAVES_OUT.test(path) || /\.(proto|phase|rps)$/.test(path)) continue;
      // A socket with no port made port 0, which no socket binds (ports start at 1).
      const port = /^state\.sockets\[(\d+)\]\.port$/.exec(path);
      if (port !== null && (changed as State).sockets[Number(port[1])]?.port === 0) continue;
      let changedKey: string;
      try {
        changedKey = stateKey(changed as State, [], false);
      } catch {
        continue; // not a state at all (a row entry that is no number, ...): no key to compare
      }
      t.not(changedKey, key, path);
      changes++;
    }
  }
  t.true(changes > 60, `only ${changes} leaves`);
});
