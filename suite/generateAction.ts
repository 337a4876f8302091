import type { Action, Policy, Socket, State } from '../model';

/**
 * Four random numbers that `generateAction` turns into an action. Shrinking them toward 0
 * and shortening the list is how fast-check finds a small counterexample.
 */
export type Pick = readonly [kind: number, a: number, b: number, c: number];

/** The range of each number of a {@link Pick}: 0 to 1023, small so that shrinking is quick. */
export const PICK_RANGE = 1024;

/**
 * The action a pick stands for in state `s`. The generator looks at the state, so that
 * most actions mean something: it opens a few sockets, prepares and binds them, makes
 * listeners, and then mostly sends SYNs, ACKs and timers to connections (and SYN cookies)
 * that exist. Now and then a reuseport BPF program is attached, mostly where it may be.
 * A small share of option values are invalid on purpose, to reach every errno.
 * `policy` is the policy most listeners of the run ask for; in a `plain` run, sockets are
 * made SO_REUSEPORT listeners without SO_REUSERPS. With `queues`, children are seldom
 * accepted, sockets share one port and uid, and a close or shutdown waits for a listener
 * with two or more queued and two others in its group.
 */
export function generateAction(
  s: State,
  p: Pick,
  policy: Policy,
  plain = false,
  queues = false,
): Action {
  const [kind, a, b, c] = p;
  const live = s.sockets.filter((k) => k.phase !== 'closed');
  const listeners = live.filter((k) => k.phase === 'listening');
  const idle = live.filter((k) => k.phase !== 'listening');
  const requests = s.conns.filter((x) => x.phase === 'request');
  const acked = [...requests.map((x) => x.id), ...s.cookies.map((x) => x.id)];
  const queued = listeners.filter((k) => k.acceptQueue.length > 0);
  const unbound = idle.filter((k) => k.port === null);
  // With `queues`, a close waits for a listener with children and two others in its group.
  const closing = queues ? listeners.filter((k) => k.acceptQueue.length >= 2 && shared(s, k)) : [];
  const closable = closing.length > 0 ? closing : live;
  const closes = !queues || closing.length > 0 ? 1 : 0;
  const choices: [number, () => Action][] = [
    [
      idle.length > 0 ? 6 : 0,
      () =>
        advance(
          prefer(idle, (k) => k.proto === 'tcp', a),
          b,
          c,
          s,
          policy,
          plain,
          queues,
        ),
    ],
    [
      live.length < 6 ? 3 : 0.2,
      () => ({
        type: 'socketOpen',
        uid: a % 10 === 0 && !queues ? 1001 : 1000,
        proto: b % 20 === 0 ? 'udp' : 'tcp',
      }),
    ],
    [
      idle.length > 0 ? 2 : 0,
      () => ({
        type: 'socketSetReuseport',
        sock: prefer(idle, (k) => !k.reuseport, a).id,
        on: b % 16 !== 0,
      }),
    ],
    [
      live.length > 0 ? 2.5 : 0,
      () =>
        setReuserps(
          s,
          prefer(live, (k) => k.rps === null, a),
          b,
          c,
          policy,
        ),
    ],
    [live.length > 0 ? 0.3 : 0, () => ({ type: 'socketGetReuserps', sock: of(live, a).id })],
    [
      live.length > 0 ? 0.4 : 0,
      () => ({ type: 'socketAttachProg', sock: prefer(live, (k) => k.rps === null, a).id }),
    ],
    [
      unbound.length > 0 ? 2 : 0,
      () => ({
        type: 'socketBind',
        sock: of(unbound, a).id,
        port: b % 5 === 0 && !queues ? 81 : 80,
      }),
    ],
    [
      idle.length > 0 ? 2.5 : 0,
      () => ({
        type: 'socketListen',
        sock: prefer(idle, (k) => k.port !== null, a).id,
        backlog: backlogOf(b, queues),
      }),
    ],
    [
      live.length > 0 ? 0.5 * closes : 0,
      () => ({ type: 'socketClose', sock: prefer(closable, (k) => k.phase === 'listening', a).id }),
    ],
    [
      listeners.length > 0 ? 0.6 * closes : 0,
      () => ({ type: 'socketShutdown', sock: of(closing.length > 0 ? closing : listeners, a).id }),
    ],
    [
      (queued.length > 0 ? 2 : listeners.length > 0 ? 0.2 : 0) * (queues ? 0.1 : 1),
      () => ({ type: 'listenerAccept', sock: of(queued.length > 0 ? queued : listeners, a).id }),
    ],
    [
      listeners.length > 0 ? 7 : 0.3,
      () => ({
        type: 'synArrive',
        port: listeners.length > 0 ? (of(listeners, a).port ?? 80) : 80,
        cpu: synCpu(s, listeners, a, b),
        hash: mix(c),
      }),
    ],
    [acked.length > 0 ? 4 : 0, () => ackArrive(s, of(acked, a), b, queues)],
    [
      requests.length > 0 ? 1 : 0,
      () => ({ type: 'synAckTimer', conn: of(requests, a).id, cpu: b % s.cpus }),
    ],
    [requests.length > 0 ? 0.6 : 0, () => ({ type: 'requestExpire', conn: of(requests, a).id })],
    [s.conns.length > 0 ? 1.2 : 0, () => ({ type: 'connClose', conn: of(s.conns, a).id })],
  ];
  const total = choices.reduce((n, [w]) => n + w, 0);
  let x = (kind / PICK_RANGE) * total;
  for (const [w, make] of choices) {
    if (x < w) return make();
    x -= w;
  }
  return { type: 'socketOpen', uid: 1000, proto: 'tcp' };
}

/**
 * SO_REUSERPS values: mostly valid, mostly the run's policy, often the mask of a socket
 * that has one already (so rows fill up), limits 0 to 3 with no limit most often.
 */
function setReuserps(s: State, sock: Socket, b: number, c: number, policy: Policy): Action {
  const all = 2 ** s.cpus - 1;
  const bits = c % 25 === 0 ? (c % 2 === 0 ? 0 : all + 1) : 1 + (b % all);
  const own = Array.from({ length: s.cpus + 1 }, (_, cpu) => cpu).filter(
    (cpu) => (bits >> cpu) & 1,
  );
  const donors = s.sockets.filter((k) => k.rps !== null && k.id !== sock.id);
  const mask =
    b % 2 === 0 && donors.length > 0 && c % 25 !== 0 ? (of(donors, b >> 1).rps?.mask ?? own) : own;
  const chosen = c % 30 === 1 ? 2 : c % 12 === 2 ? 1 - policy : policy;
  const limit = [0, 0, 0, 1, 2, 3][(c >> 4) % 6] ?? 0;
  return { type: 'socketSetReuserps', sock: sock.id, opt: { mask, policy: chosen, limit } };
}

/** The next step that makes an idle socket a listener of the run's kind. */
function advance(
  sock: Socket,
  b: number,
  c: number,
  s: State,
  policy: Policy,
  plain: boolean,
  queues: boolean,
): Action {
  if (!sock.reuseport) return { type: 'socketSetReuseport', sock: sock.id, on: true };
  if (!plain && sock.rps === null) return setReuserps(s, sock, b, c, policy);
  if (sock.port === null)
    return { type: 'socketBind', sock: sock.id, port: b % 8 === 0 && !queues ? 81 : 80 };
  return { type: 'socketListen', sock: sock.id, backlog: backlogOf(b, queues) };
}

/** Whether a listener's group has two other members that could take its children. */
function shared(s: State, sock: Socket): boolean {
  return (s.groups.find((g) => g.id === sock.group)?.members.length ?? 0) >= 3;
}

/** A listen backlog: often tiny, so queues fill; with `queues` mostly room for several. */
function backlogOf(b: number, queues: boolean): number {
  return queues && b % 4 !== 0 ? 128 : ([0, 1, 2, 128][b % 4] ?? 128);
}

/** An ACK on any CPU; with `queues` mostly on its SYN's, so that one CPU's children gather. */
function ackArrive(s: State, conn: number, b: number, queues: boolean): Action {
  const own = s.conns.find((x) => x.id === conn)?.cpu;
  const cpu = queues && own !== undefined && b % 4 !== 0 ? own : b % s.cpus;
  return { type: 'ackArrive', conn, cpu };
}

/** Mostly a CPU in the mask of the listener the SYN is aimed at, so that rows are used. */
function synCpu(s: State, listeners: readonly Socket[], a: number, b: number): number {
  const mask = listeners.length > 0 ? (of(listeners, a).rps?.mask ?? []) : [];
  return b % 4 !== 0 && mask.length > 0 ? of(mask, b >> 2) : b % s.cpus;
}

/** The n-th element, cyclically (callers pass non-empty lists). */
export function of<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

/** Mostly an element that `wanted` likes, when there is one. */
function prefer<T>(list: readonly T[], wanted: (x: T) => boolean, n: number): T {
  const liked = list.filter(wanted);
  return liked.length > 0 && n % 8 !== 0 ? of(liked, n >> 3) : of(list, n);
}

/** Spreads a 31-bit pick over all 32-bit flow hashes. */
export function mix(n: number): number {
  return Math.imul(n, 2654435761) >>> 0;
}
