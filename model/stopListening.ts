/*
 * What closing or shutting down a listener does to its group and its accept queue.
 * Internal to model/.
 */
import { groupLeave } from './membership';
import { migrateConn } from './migrateConn';
import type { Event } from './Outcome';
import type { SockId, State } from './State';
import { connOf, groupOf, patchSocket, sockOf } from './update';

/**
 * A listener stops listening (`tcp_set_state(TCP_CLOSE)` then `inet_csk_listen_stop`): it
 * first leaves its group, so it is never its own target, then each child of its accept
 * queue, oldest first, migrates by the policy of its CPU (`sk_incoming_cpu`), or is reset.
 * Migration here runs outside that CPU's softirq, so it does not move a cursor: the
 * children of one CPU are spread from a local position that starts at its row's cursor
 * (round-robin in turn; fill-first re-checks room after each child). Its requests in
 * SYN-RECV stay with it until their ACK or timer.
 */
export function stopListening(
  s: State,
  id: SockId,
): { readonly state: State; readonly events: readonly Event[] } {
  let st = groupLeave(s, id);
  const events: Event[] = [];
  let spread: readonly number[] = groupOf(st, sockOf(st, id).group)?.table?.cursors ?? [];
  for (const connId of sockOf(st, id).acceptQueue) {
    const c = connOf(st, connId);
    if (c === undefined) continue;
    const moved = migrateConn(st, c, c.cpu, 'close', spread);
    st = moved.state;
    spread = moved.spread ?? spread;
    events.push(moved.event);
  }
  return { state: patchSocket(st, id, { acceptQueue: [] }), events };
}
