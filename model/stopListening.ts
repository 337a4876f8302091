/*
 * What closing or shutting down a listener does to its group and its accept queue.
 * Internal to model/.
 */
import { groupLeave } from './membership';
import { migrateConn } from './migrateConn';
import type { Event } from './Outcome';
import type { SockId, State } from './State';
import { connOf, patchSocket, sockOf } from './update';

/**
 * A listener stops listening (`tcp_set_state(TCP_CLOSE)` then `inet_csk_listen_stop`): it
 * first leaves its group, so it is never its own target, then each child of its accept
 * queue, oldest first, migrates by the policy of the CPU that processed its SYN, or is
 * reset. Migration here runs outside that CPU's softirq, so it does not move a cursor.
 * Its requests in SYN-RECV stay with it until their ACK or timer.
 */
export function stopListening(
  s: State,
  id: SockId,
): { readonly state: State; readonly events: readonly Event[] } {
  let st = groupLeave(s, id);
  const events: Event[] = [];
  for (const connId of sockOf(st, id).acceptQueue) {
    const c = connOf(st, connId);
    if (c === undefined) continue;
    const moved = migrateConn(st, c, c.cpu, 'close', false);
    st = moved.state;
    events.push(moved.event);
  }
  return { state: patchSocket(st, id, { acceptQueue: [] }), events };
}
