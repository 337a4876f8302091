import fc from 'fast-check';
import type { Action, ConnId, Event, Group, State } from '../model';
import type { ModelApi } from '../properties';
import { generateAction, type Pick } from '../suite/generateAction';
import { scenarioArb } from '../suite/Scenario';
import { hashCandidates } from '../vectors/hashCandidates';
import { churnAction } from './churnAction';
import { GUEST_CPUS, type KernelTrace } from './KernelTrace';
import { SynOrdinals } from './SynOrdinals';

/** The fewest and most steps of a kernel trace. */
export const TRACE_STEPS = { min: 20, max: 60 } as const;

/**
 * Random traces the kernel can run, from the property suite's state-aware generator (and,
 * one in four, from {@link churnAction}), on the guest's CPUs. Deterministic in `seed`: the host makes the same list again to
 * compare with the kernel's answers.
 */
export function generateKernelTraces(model: ModelApi, count: number, seed: number): KernelTrace[] {
  const traces: KernelTrace[] = [];
  const scenarios = fc.sample(scenarioArb(2 * TRACE_STEPS.max), { seed, numRuns: 8 * count });
  for (const [i, sc] of scenarios.entries()) {
    if (traces.length === count) break;
    const config = { ...sc.config, cpus: GUEST_CPUS };
    // One trace in four is a churn trace, with 2 to 4 listeners.
    const churn = i % 4 === 3;
    const listeners = 2 + (i % 3);
    const next = (s: State, p: Pick): Action =>
      churn ? churnAction(s, p, sc.policy, listeners) : generateAction(s, p, sc.policy, sc.plain);
    const actions = pinnedActions(model, model.initialState(config), sc.picks, next);
    if (actions.length >= TRACE_STEPS.min) traces.push({ id: traces.length, config, actions });
  }
  return traces;
}

/**
 * The generator's actions, keeping only those whose result the kernel can pin: no timers
 * (a SYN-ACK timer or an expiry takes seconds of waiting), no listen() on an unbound
 * socket (the kernel picks a random ephemeral port), no reset of a queued child (Linux
 * keeps it in the accept queue until accept(); the model abstracts it away), no change of
 * SO_REUSEPORT on a bound socket and no first SO_REUSERPS on a socket that still owns
 * connections (see below), and no step
 * that the kernel's keyed flow hash decides among several listeners (its key is a
 * boot-time secret).
 */
export function pinnedActions(
  model: ModelApi,
  initial: State,
  picks: readonly Pick[],
  next: (s: State, p: Pick) => Action,
): Action[] {
  let s = initial;
  const names = new SynOrdinals();
  const out: Action[] = [];
  const cookieSent = new Map<ConnId, number>();
  const hadProg = new Set<number>();
  const listenersChanged = new Map<number, number>();
  for (const p of picks) {
    if (out.length === TRACE_STEPS.max) break;
    const action = next(s, p);
    if (!runnable(s, action) || progHistory(s, action, hadProg)) continue;
    if (action.type === 'ackArrive' && staleCookie(s, action.conn, cookieSent, listenersChanged))
      continue;
    const { state, outcome } = model.step(s, action);
    if (byHash(s, action) || (outcome.ok && outcome.events.some((e) => hashDecided(s, e))))
      continue;
    names.record(action, s, state);
    if (action.type === 'socketAttachProg' && outcome.ok) {
      const g = s.groups.find((o) => o.id === s.sockets[action.sock]?.group);
      for (const id of [action.sock, ...(g?.members ?? [])]) hadProg.add(id);
    }
    out.push(names.toWire(action));
    for (const k of state.cookies) if (!cookieSent.has(k.id)) cookieSent.set(k.id, out.length);
    const port = listenerPort(s, action);
    if (port !== null) listenersChanged.set(port, out.length);
    s = state;
  }
  return out;
}

function runnable(s: State, a: Action): boolean {
  switch (a.type) {
    case 'synAckTimer':
    case 'requestExpire':
      return false;
    case 'socketListen': {
      const k = s.sockets[a.sock];
      return !(k?.proto === 'tcp' && k.phase !== 'closed' && k.port === null);
    }
    case 'connClose':
      return s.conns.find((c) => c.id === a.conn)?.phase !== 'queued';
    case 'socketSetReuserps': {
      // The model counts, once it listens, what a socket owned before it had a value; the
      // kernel counts only what it charged while registered.
      const k = s.sockets[a.sock];
      return !(k !== undefined && k.rps === null && k.count > 0);
    }
    case 'socketSetReuseport': {
      // The port's bind bucket keeps the SO_REUSEPORT of bind() time for its fast path
      // (`sk_reuseport_match`), which the model abstracts: no change after bind().
      const k = s.sockets[a.sock];
      return k?.port === null || k?.reuseport === a.on;
    }
    default:
      return true;
  }
}

/**
 * A step whose listener the flow hash picks among several, read off the state before it:
 * a SYN for a port whose group has no table (or an empty row for the SYN's CPU), an ACK
 * for a request whose listener left such a group, a listener closing with children of
 * such a CPU. This covers choices that end in a drop, which name no way of choosing.
 */
function byHash(s: State, a: Action): boolean {
  const hashed = (g: Group | undefined, cpu: number, others: number): boolean =>
    g !== undefined && others > 1 && (g.table === null || (g.table.rows[cpu] ?? []).length === 0);
  if (a.type === 'synArrive') {
    const g = s.groups.find((o) => o.port === a.port);
    return hashed(g, a.cpu, g?.members.length ?? 0);
  }
  if (a.type === 'ackArrive') {
    const c = s.conns.find((x) => x.id === a.conn);
    const owner = c === undefined ? undefined : s.sockets[c.owner];
    if (owner === undefined || owner.phase === 'listening') return false;
    const g = s.groups.find((o) => o.id === owner.group);
    return hashed(g, a.cpu, g?.members.length ?? 0);
  }
  if (a.type === 'socketClose' || a.type === 'socketShutdown') {
    const k = s.sockets[a.sock];
    const g = s.groups.find((o) => o.id === k?.group);
    if (k?.phase !== 'listening' || g === undefined) return false;
    return k.acceptQueue.some((id) => {
      const c = s.conns.find((x) => x.id === id);
      return c !== undefined && hashed(g, c.cpu, g.members.length - 1);
    });
  }
  return false;
}

/** A placement or migration by flow hash with more than one listener to choose from. */
function hashDecided(s: State, e: Event): boolean {
  if (e.kind === 'placed' && e.via === 'hash') return hashCandidates(s, e.listener).length > 1;
  if (e.kind === 'migrated' && e.via === 'hash') return hashCandidates(s, e.to).length > 1;
  return false;
}

/** The port of a listener that a step starts or stops, or null. */
function listenerPort(s: State, a: Action): number | null {
  if (a.type !== 'socketListen' && a.type !== 'socketShutdown' && a.type !== 'socketClose')
    return null;
  return s.sockets[a.sock]?.port ?? null;
}

/**
 * The ACK of a SYN cookie sent before a listener of its port started or stopped. The
 * kernel takes a cookie only from a listener (or reuseport group) that sent cookies lately
 * (`tcp_synq_no_recent_overflow`), and a listener that listens again starts with a new
 * group and no such time (`reuseport_resurrect`, `tcp_disconnect`); the model does not
 * keep that time.
 */
function staleCookie(
  s: State,
  conn: ConnId,
  sent: ReadonlyMap<ConnId, number>,
  changed: ReadonlyMap<number, number>,
): boolean {
  const cookie = s.cookies.find((k) => k.id === conn);
  if (cookie === undefined) return false;
  return (changed.get(cookie.port) ?? -1) >= (sent.get(conn) ?? 0);
}

/**
 * A step whose answer depends on where a socket's reuseport program went after it left
 * its group. Linux keeps a group with its program while a closed socket is in it
 * (`reuseport_stop_listen_sock`), and a socket that listens again starts a group of its
 * own (`reuseport_resurrect`); the model frees a group with its last listener. So, once
 * it has listened, no SO_REUSERPS and no listen() after a stop for a socket that had a
 * program or was in a group that had one; and no first SO_REUSERPS on a socket that has
 * listened (whether its group kept it depends on the value it had when it stopped).
 */
function progHistory(s: State, a: Action, hadProg: ReadonlySet<number>): boolean {
  if (a.type === 'socketSetReuserps') {
    const k = s.sockets[a.sock];
    return k !== undefined && k.group !== null && (hadProg.has(a.sock) || k.rps === null);
  }
  if (a.type === 'socketListen') {
    const k = s.sockets[a.sock];
    return hadProg.has(a.sock) && k !== undefined && k.group !== null && k.phase !== 'listening';
  }
  return false;
}
