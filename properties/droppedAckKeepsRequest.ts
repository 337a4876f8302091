import { movedCursors, type Property } from './Property';

/**
 * droppedAckKeepsRequest: a final ACK that does not make its child leaves the request
 * where it was. When the request is still in SYN-RECV after its ACK (the accept queue of
 * the listener that would get the child was full), it has the same listener, every count
 * is as before and no cursor moved: a request whose listener closed does not migrate into
 * a full queue (`tcp_check_req` fails before `inet_csk_complete_hashdance` moves it), and
 * is tried again at its next ACK or timer. Judged from the action and the states alone.
 */
export const droppedAckKeepsRequest: Property = {
  name: 'droppedAckKeepsRequest',
  prose:
    'A final ACK that does not make its child leaves the request where it was: same listener, same counts, no cursor moved.',
  step({ before, action, outcome, after }) {
    if (!outcome.ok || action.type !== 'ackArrive') return null;
    const was = before.conns.find((c) => c.id === action.conn);
    const now = after.conns.find((c) => c.id === action.conn);
    if (was === undefined || now?.phase !== 'request') return null;
    if (now.owner !== was.owner) {
      return `conn ${now.id} moved from socket ${was.owner} to ${now.owner} but made no child`;
    }
    for (const s of after.sockets) {
      if (s.count !== before.sockets[s.id]?.count) {
        return `socket ${s.id}'s count changed although conn ${now.id} made no child`;
      }
    }
    const moved = movedCursors(before, after);
    return moved === null
      ? null
      : `group ${moved}'s cursors moved although conn ${now.id} made no child`;
  },
};
