import { chooseListener } from './chooseListener';
import { groupOnPort } from './membership';
import type { Result, Via } from './Outcome';
import type { SockId, State } from './State';
import { bump, done, patchSocket, putGroup, sockOf, withState } from './update';

/**
 * A SYN for `port` with flow hash `hash` is processed on `cpu` (`tcp_v4_rcv`, then
 * `tcp_conn_request`).
 *
 * No listener on the port: the SYN is answered with RST. Otherwise a listener is looked up
 * (below) and, when none may take it, the SYN is dropped at the limit. The chosen listener
 * still drops it when its request queue holds more than its backlog (syncookies are off in
 * the model) or its accept queue does (`inet_csk_reqsk_queue_is_full`,
 * `sk_acceptq_is_full`). Otherwise a request is created, owned and counted by the listener,
 * and only then does the choice move the row's cursor (`reuseport_rps_commit` after
 * `inet_csk_reqsk_queue_hash_add`): a SYN that creates nothing leaves it where it was.
 */
export function synArrive(s: State, a: { port: number; cpu: number; hash: number }): Result {
  const found = lookupListener(s, a.port, a.cpu, a.hash);
  let st = found.looked;
  if (found.listener === null || found.via === null) {
    const reason = found.via === null ? 'noListener' : 'limit';
    st = bump(st, reason === 'limit' ? 'limitDrops' : 'noListener');
    return done(st, [{ kind: 'dropped', cpu: a.cpu, reason, listener: null }]);
  }
  const l = sockOf(st, found.listener);
  const requests = st.conns.filter((c) => c.owner === l.id && c.phase === 'request').length;
  const full =
    requests > l.backlog
      ? 'synQueueFull'
      : l.acceptQueue.length > l.backlog
        ? 'acceptQueueFull'
        : null;
  if (full !== null) {
    st = bump(st, 'overflows');
    return done(st, [{ kind: 'dropped', cpu: a.cpu, reason: full, listener: l.id }]);
  }
  const conn = {
    id: st.nextConn,
    cpu: a.cpu,
    hash: a.hash,
    owner: l.id,
    phase: 'request' as const,
  };
  st = found.commit(st);
  st = withState(st, { conns: [...st.conns, conn], nextConn: st.nextConn + 1 });
  st = patchSocket(st, l.id, { count: l.count + 1 });
  return done(st, [{ kind: 'placed', conn: conn.id, listener: l.id, cpu: a.cpu, via: found.via }]);
}

/**
 * `__inet_lookup_listener` with `reuseport_select_sock` and the patch's
 * `reuserps_select_sock`: a port without a group has at most one listener (bind forbids
 * more); a group chooses as `chooseListener` says. Via is null only when the port has no
 * listener. `looked` is the state after the lookup alone (a fallback is counted);
 * `commit` applies the choice's move of CPU `cpu`'s cursor, for a SYN that creates a
 * request.
 */
function lookupListener(
  s: State,
  port: number,
  cpu: number,
  hash: number,
): {
  readonly looked: State;
  readonly listener: SockId | null;
  readonly via: Via | null;
  readonly commit: (st: State) => State;
} {
  const keep = (st: State): State => st;
  const g = groupOnPort(s, port);
  if (g === undefined) {
    const lone = s.sockets.find(
      (o) => o.phase === 'listening' && o.proto === 'tcp' && o.port === port,
    );
    return lone === undefined
      ? { looked: s, listener: null, via: null, commit: keep }
      : { looked: s, listener: lone.id, via: 'only', commit: keep };
  }
  const choice = chooseListener(s, g, cpu, hash, true);
  const looked = g.table !== null && choice.via === 'hash' ? bump(s, 'fallbacks') : s;
  const commit = choice.listener === null ? keep : (st: State): State => putGroup(st, choice.group);
  return { looked, listener: choice.listener, via: choice.via, commit };
}
