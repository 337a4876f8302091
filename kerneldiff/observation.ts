import type { ConnId, State } from '../model';
import { maskBits } from './maskBits';
import type { ReplayedStep } from './replayKernelTrace';

/**
 * What the kernel shows after a step, field by field, as the executor prints it:
 * `e` the errno, `a` the connection accept() returned, `g` what getsockopt returned,
 * `s` whether the SYN was answered, `L<sock>` each TCP listener's accept queue length and
 * SO_REUSERPS count (-1 without a value), `Q` the connections in SYN-RECV after a packet
 * (no socket call makes or ends a request), `X` those the kernel reset during the step.
 */
export type Observation = ReadonlyMap<string, string>;

/** The fields of one executor line (`<trace>.<step> k=v ... L0=q/c ...`), `t` left out. */
export function parseObservation(line: string): Observation {
  const fields = new Map<string, string>();
  for (const token of line.trim().split(/\s+/).slice(1)) {
    const at = token.indexOf('=');
    if (at > 0 && token.slice(0, at) !== 't') fields.set(token.slice(0, at), token.slice(at + 1));
  }
  return fields;
}

/**
 * What the model says the kernel must show after a step. Judged from the action and the
 * states around it, as a user of the kernel sees them: accept() returns the head of the
 * queue before the step, a SYN is answered when the state gained a request or a cookie,
 * the reset connections are those that vanished without their peer ending them.
 */
export function expectedObservation(r: ReplayedStep): Observation {
  const { action, outcome, before, after } = r.transition;
  const ord = (id: ConnId): string => String(r.ordinals.get(id) ?? `#${id}`);
  const fields = new Map<string, string>();
  const packet = ['synArrive', 'ackArrive', 'connClose'].includes(action.type);
  fields.set('e', packet || outcome.ok ? '0' : outcome.errno);
  if (action.type === 'listenerAccept' && outcome.ok) {
    const head = before.sockets[action.sock]?.acceptQueue[0];
    fields.set('a', head === undefined ? '?' : ord(head));
  }
  if (action.type === 'socketGetReuserps' && outcome.ok) fields.set('g', getValue(outcome));
  if (action.type === 'synArrive') {
    const answered = after.nextConn > before.nextConn;
    fields.set('s', answered ? '1' : '0');
  }
  for (const k of after.sockets) {
    if (k.phase !== 'listening' || k.proto !== 'tcp') continue;
    fields.set(`L${k.id}`, `${k.acceptQueue.length}/${k.rps === null ? -1 : k.count}`);
  }
  const requests = after.conns.filter((c) => c.phase === 'request').map((c) => c.id);
  if (packet) fields.set('Q', idList(requests, r));
  fields.set('X', idList(resetIds(r), r));
  return fields;
}

/** The connections live before the step and gone after it, but the one the peer ended. */
function resetIds(r: ReplayedStep): ConnId[] {
  const { action, before, after } = r.transition;
  const ended = action.type === 'connClose' ? action.conn : null;
  const live = new Set(after.conns.map((c) => c.id));
  return before.conns.filter((c) => !live.has(c.id) && c.id !== ended).map((c) => c.id);
}

function idList(ids: readonly ConnId[], r: ReplayedStep): string {
  return ids
    .map((id) => r.ordinals.get(id) ?? -1)
    .sort((x, y) => x - y)
    .join(',');
}

function getValue(outcome: {
  value?: { mask: readonly number[]; policy: number; limit: number } | null;
  count?: number;
}): string {
  const v = outcome.value;
  if (v === undefined || v === null) return '-';
  return `${v.policy}/${v.limit}/${outcome.count ?? 0}/${maskBits(v.mask).toString(16)}`;
}

/**
 * The first field where the kernel's line differs from the model's, or null. The kernel
 * resets connections the model never had (an ACK for a SYN that made nothing finds no
 * socket and is answered with RST, `tcp_v4_send_reset`): only resets of connections live
 * before the step count.
 */
export function firstDifference(
  want: Observation,
  got: Observation,
  liveBefore: ReadonlySet<number>,
): { field: string; want: string; got: string } | null {
  const keys = [...new Set([...want.keys(), ...got.keys()])];
  for (const key of keys) {
    let g = got.get(key) ?? '(none)';
    const w = want.get(key) ?? '(none)';
    if (key === 'X' && g !== '(none)')
      g = g
        .split(',')
        .filter((x) => x !== '' && liveBefore.has(Number(x)))
        .join(',');
    if (g !== w) return { field: key, want: w, got: g };
  }
  return null;
}

/** The ordinals of the connections live in a state. */
export function liveOrdinals(s: State, ordinals: ReadonlyMap<ConnId, number>): Set<number> {
  return new Set(s.conns.map((c) => ordinals.get(c.id) ?? -1));
}

/** An observation as the executor's line for step `step` of trace `trace`. */
export function formatObservation(trace: number, step: number, o: Observation): string {
  return `${trace}.${step} ${[...o].map(([k, v]) => `${k}=${v}`).join(' ')}`;
}
