import type { Result } from './Outcome';
import type { Socket, State } from './State';
import { done, withState } from './update';

/**
 * An application opens a socket (`inet_create`). Always enabled; the new socket is open,
 * unbound and owns nothing. The outcome names it.
 */
export function socketOpen(s: State, a: { uid: number; proto: 'tcp' | 'udp' }): Result {
  const sock: Socket = {
    id: s.sockets.length,
    uid: a.uid,
    proto: a.proto,
    phase: 'open',
    reuseport: false,
    rps: null,
    port: null,
    portLocked: false,
    backlog: 0,
    group: null,
    count: 0,
    acceptQueue: [],
    prog: false,
  };
  return done(withState(s, { sockets: [...s.sockets, sock] }), [], { sock: sock.id });
}
