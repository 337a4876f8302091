import type { Action } from './Action';
import { ackArrive } from './ackArrive';
import { connClose } from './connClose';
import { listenerAccept } from './listenerAccept';
import type { Result } from './Outcome';
import { requestExpire } from './requestExpire';
import { socketAttachProg } from './socketAttachProg';
import { socketBind } from './socketBind';
import { socketClose } from './socketClose';
import { socketGetReuserps } from './socketGetReuserps';
import { socketListen } from './socketListen';
import { socketOpen } from './socketOpen';
import { socketSetReuseport } from './socketSetReuseport';
import { socketSetReuserps } from './socketSetReuserps';
import { socketShutdown } from './socketShutdown';
import type { State } from './State';
import { synAckTimer } from './synAckTimer';
import { synArrive } from './synArrive';

/**
 * The next-state relation: applies one action to a state. Pure and deterministic.
 * Throws only on an action that names a socket never opened or a CPU the machine lacks:
 * such an action is malformed input, not an event.
 */
export function step(s: State, a: Action): Result {
  if ('cpu' in a && !(Number.isInteger(a.cpu) && a.cpu >= 0 && a.cpu < s.cpus)) {
    throw new RangeError(`${a.type}: cpu ${a.cpu} is not below the CPU count ${s.cpus}`);
  }
  switch (a.type) {
    case 'socketOpen':
      return socketOpen(s, a);
    case 'socketSetReuseport':
      return socketSetReuseport(s, a);
    case 'socketSetReuserps':
      return socketSetReuserps(s, a);
    case 'socketGetReuserps':
      return socketGetReuserps(s, a);
    case 'socketAttachProg':
      return socketAttachProg(s, a);
    case 'socketBind':
      return socketBind(s, a);
    case 'socketListen':
      return socketListen(s, a);
    case 'socketClose':
      return socketClose(s, a);
    case 'socketShutdown':
      return socketShutdown(s, a);
    case 'listenerAccept':
      return listenerAccept(s, a);
    case 'synArrive':
      return synArrive(s, a);
    case 'ackArrive':
      return ackArrive(s, a);
    case 'synAckTimer':
      return synAckTimer(s, a);
    case 'requestExpire':
      return requestExpire(s, a);
    case 'connClose':
      return connClose(s, a);
  }
}
