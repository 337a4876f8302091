import type { Action, Policy, Socket, State } from '../model';
import { mix, of, type Pick } from '../suite/generateAction';

/**
 * The action a pick stands for in a churn trace: a few SO_REUSERPS listeners of one policy
 * on one port, then mostly SYNs and ACKs on every CPU, with listeners closing, shutting
 * down, listening again and changing their mask in place while children wait in their
 * queues. It reaches what the suite's generator rarely does in 60 steps: several children
 * of one CPU queued on a listener that closes, and ACKs for requests of a closed listener
 * whose target queue is full.
 */
export function churnAction(s: State, p: Pick, policy: Policy, listeners: number): Action {
  const [kind, a, b, c] = p;
  const live = s.sockets.filter((k) => k.phase !== 'closed');
  const listening = live.filter((k) => k.phase === 'listening');
  const idle = live.filter((k) => k.phase !== 'listening');
  if (listening.length + idle.length < listeners)
    return { type: 'socketOpen', uid: 1000, proto: 'tcp' };
  const setup = idle.find((k) => !k.reuseport || k.rps === null || k.port === null);
  if (setup !== undefined) return prepare(s, setup, b, c, policy);
  const acked = [
    ...s.conns.filter((x) => x.phase === 'request').map((x) => x.id),
    ...s.cookies.map((x) => x.id),
  ];
  const x = kind % 20;
  if (x < 8 || (acked.length === 0 && x < 12)) {
    const cpu = b % s.cpus;
    return { type: 'synArrive', port: 80, cpu, hash: mix(c) };
  }
  if (x < 12) return { type: 'ackArrive', conn: of(acked, a), cpu: b % s.cpus };
  if (x < 14 && idle.length > 0)
    return { type: 'socketListen', sock: of(idle, a).id, backlog: backlog(b) };
  if (x < 15 && listening.length > 0) return { type: 'socketClose', sock: of(listening, a).id };
  if (x < 16 && listening.length > 0) return { type: 'socketShutdown', sock: of(listening, a).id };
  if (x < 17 && listening.length > 0) return setReuserps(s, of(listening, a), b, c, policy);
  if (x < 18 && live.length < 8) return { type: 'socketOpen', uid: 1000, proto: 'tcp' };
  if (listening.length > 0) return { type: 'listenerAccept', sock: of(listening, a).id };
  return { type: 'socketOpen', uid: 1000, proto: 'tcp' };
}

/** The next step that makes an idle socket a SO_REUSERPS listener on port 80. */
function prepare(s: State, k: Socket, b: number, c: number, policy: Policy): Action {
  if (!k.reuseport) return { type: 'socketSetReuseport', sock: k.id, on: true };
  if (k.rps === null) return setReuserps(s, k, b, c, policy);
  if (k.port === null) return { type: 'socketBind', sock: k.id, port: 80 };
  return { type: 'socketListen', sock: k.id, backlog: backlog(b) };
}

/** Masks of one to all CPUs, limits 0 to 3 (none most often). */
function setReuserps(s: State, k: Socket, b: number, c: number, policy: Policy): Action {
  const bits = 1 + (b % (2 ** s.cpus - 1));
  const mask = Array.from({ length: s.cpus }, (_, cpu) => cpu).filter((cpu) => (bits >> cpu) & 1);
  const limit = [0, 0, 1, 2, 3][c % 5] ?? 0;
  return { type: 'socketSetReuserps', sock: k.id, opt: { mask, policy, limit } };
}

/** Small backlogs often, so that accept queues fill. */
function backlog(b: number): number {
  return [0, 1, 2, 128][(b >> 3) % 4] ?? 128;
}
