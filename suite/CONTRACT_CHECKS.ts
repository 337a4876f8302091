import {
  ROW_MAX,
  SOMAXCONN,
  type Action,
  type Errno,
  type Outcome,
  type ReuserpsOpt,
  type State,
} from '../model';
import type { ModelApi } from '../properties';

/**
 * A check of the model's contract with its callers, at the edges that random runs do not
 * reach: malformed input throws, defaults are Linux's, option values out of range are
 * refused, and the limits that take thousands of steps hold. Each returns why it failed,
 * or null. The tests and the mutation check run them.
 */
export interface ContractCheck {
  readonly name: string;
  readonly check: (model: ModelApi) => string | null;
}

/** Runs actions from `s`, returning the last state and outcome. */
function run(model: ModelApi, s: State, actions: readonly Action[]): { s: State; o: Outcome } {
  let o: Outcome = { ok: true, events: [] };
  for (const a of actions) ({ state: s, outcome: o } = model.step(s, a));
  return { s, o };
}

/** Why `o` is not the failure `errno`, or null. */
function refused(o: Outcome, errno: Errno, what: string): string | null {
  return !o.ok && o.errno === errno ? null : `${what}: ${JSON.stringify(o)}, not ${errno}`;
}

/** Whether `f` throws a RangeError whose message names the bad value (`said`). */
function throwsRange(f: () => unknown, said: RegExp = /./): boolean {
  try {
    f();
    return false;
  } catch (e) {
    return e instanceof RangeError && said.test(e.message);
  }
}

/** A listener of uid 1000 on port 8080 with SO_REUSEPORT and `opt` (open, set, bind, listen). */
function listener(sock: number, opt: ReuserpsOpt | null, backlog = 128): Action[] {
  return [
    { type: 'socketOpen', uid: 1000, proto: 'tcp' },
    { type: 'socketSetReuseport', sock, on: true },
    ...(opt === null ? [] : [{ type: 'socketSetReuserps' as const, sock, opt }]),
    { type: 'socketBind', sock, port: 8080 },
    { type: 'socketListen', sock, backlog },
  ];
}

const opt = (mask: number[], limit = 0): ReuserpsOpt => ({ mask, policy: 0, limit });

/** Every contract check. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = [
  {
    // A machine needs a whole number of CPUs, at least one (`nr_cpu_ids`).
    name: 'a machine without a whole, positive CPU count is refused',
    check: (m) =>
      [0, -1, 1.5, Number.NaN].every((cpus) =>
        throwsRange(() => m.initialState({ cpus }), new RegExp(`cpus .*${String(cpus)}`)),
      )
        ? null
        : 'initialState accepted a CPU count that is not a positive integer',
  },
  {
    // Linux's defaults: tcp_migrate_req 0, tcp_syncookies 1 (cookies only under flood).
    name: 'tcp_migrate_req and always-on SYN cookies are off by default',
    check: (m) => {
      const s = m.initialState({ cpus: 1 });
      return !s.migrateReq && !s.syncookies ? null : 'a default is on';
    },
  },
  {
    // An action on a CPU the machine lacks, or a socket never opened, is a malformed trace.
    name: 'a CPU out of range or a socket never opened throws',
    check: (m) => {
      const s = m.initialState({ cpus: 2 });
      const bad: Action[] = [
        { type: 'synArrive', port: 80, cpu: 2, hash: 0 },
        { type: 'synArrive', port: 80, cpu: -1, hash: 0 },
        { type: 'synArrive', port: 80, cpu: 0.5, hash: 0 },
        { type: 'socketListen', sock: 0, backlog: 1 },
      ];
      const accepted = bad.filter(
        (a) => !throwsRange(() => m.step(s, a), 'cpu' in a ? /cpu .*2/ : /socket 0/),
      );
      const fine = !throwsRange(() => m.step(s, { type: 'synArrive', port: 80, cpu: 1, hash: 0 }));
      return accepted.length === 0 && fine ? null : `accepted ${JSON.stringify(accepted)}`;
    },
  },
  {
    // The uapi's mask is a CPU bitmap and its limit a u32: anything else is EINVAL.
    name: 'a mask CPU or a limit out of range is EINVAL',
    check: (m) => {
      const s = run(m, m.initialState({ cpus: 2 }), [
        { type: 'socketOpen', uid: 1, proto: 'tcp' },
      ]).s;
      const bad = [
        opt([0.5]),
        opt([-1]),
        opt([0, 2]),
        opt([0], -1),
        opt([0], 1.5),
        opt([0], 2 ** 32),
      ];
      for (const o of bad) {
        const why = refused(
          m.step(s, { type: 'socketSetReuserps', sock: 0, opt: o }).outcome,
          'EINVAL',
          JSON.stringify(o),
        );
        if (why !== null) return why;
      }
      const top = m.step(s, { type: 'socketSetReuserps', sock: 0, opt: opt([1], 2 ** 32 - 1) });
      return top.outcome.ok ? null : 'the largest u32 limit was refused';
    },
  },
  {
    // A bitmap has no order and no repeats: the value read back lists each CPU once, ascending.
    name: 'a mask is read back as its set of CPUs, ascending',
    check: (m) => {
      const { o } = run(m, m.initialState({ cpus: 3 }), [
        { type: 'socketOpen', uid: 1, proto: 'tcp' },
        { type: 'socketSetReuserps', sock: 0, opt: opt([2, 0, 1, 2]) },
        { type: 'socketGetReuserps', sock: 0 },
      ]);
      const mask = o.ok ? o.value?.mask.join() : undefined;
      return mask === '0,1,2' ? null : `read mask [${mask}]`;
    },
  },
  {
    // ROW_MAX listeners per CPU: the 129th, by listen() or by an in-place update, is ENOSPC.
    name: 'a row holds at most ROW_MAX listeners',
    check: (m) => {
      const full = Array.from({ length: ROW_MAX }, (_, i) => listener(i, opt([0]), 1)).flat();
      let { s } = run(m, m.initialState({ cpus: 2 }), full);
      if (s.groups[0]?.table?.rows[0]?.length !== ROW_MAX)
        return `the row holds ${s.groups[0]?.table?.rows[0]?.length}`;
      const late = run(m, s, listener(ROW_MAX, opt([0, 1]), 1));
      const why = refused(late.o, 'ENOSPC', 'listen into a full row');
      if (why !== null) return why;
      s = run(m, s, listener(ROW_MAX, opt([1]), 1)).s;
      const moved = m.step(s, {
        type: 'socketSetReuserps',
        sock: ROW_MAX,
        opt: opt([0, 1]),
      }).outcome;
      const stays = m.step(s, { type: 'socketSetReuserps', sock: 0, opt: opt([0]) }).outcome;
      return (
        refused(moved, 'ENOSPC', 'an update into a full row') ??
        (stays.ok ? null : 'a listener of the full row could not set its own mask')
      );
    },
  },
  {
    // `__sys_listen`: a backlog above somaxconn, or negative, means somaxconn.
    name: 'a listen backlog is capped at somaxconn',
    check: (m) => {
      const base = run(m, m.initialState({ cpus: 1 }), listener(0, null, SOMAXCONN + 1000)).s;
      let s = base;
      for (let i = 0; i <= SOMAXCONN + 1; i++) {
        s = run(m, s, [
          { type: 'synArrive', port: 8080, cpu: 0, hash: i },
          { type: 'ackArrive', conn: i, cpu: 0 },
        ]).s;
      }
      const queued = s.sockets[0]?.acceptQueue.length;
      if (queued !== SOMAXCONN + 1)
        return `${queued} children queued with a backlog of ${SOMAXCONN + 1000}`;
      const negative = run(m, m.initialState({ cpus: 1 }), [
        ...listener(0, null, -1),
        { type: 'synArrive', port: 8080, cpu: 0, hash: 0 },
      ]);
      return negative.s.conns.length === 1 ? null : 'a backlog of -1 took no SYN';
    },
  },
];

/** Runs every contract check; the first failure as "name: reason", or null. */
export function checkContract(model: ModelApi): string | null {
  for (const c of CONTRACT_CHECKS) {
    const why = c.check(model);
    if (why !== null) return `${c.name}: ${why}`;
  }
  return null;
}
