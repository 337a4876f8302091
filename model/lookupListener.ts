import { chooseListener } from './chooseListener';
import { groupOnPort } from './membership';
import type { Via } from './Outcome';
import type { SockId, State } from './State';
import { bump, putGroup } from './update';

/** What a lookup found, and how to apply its choice once a connection is made. */
export interface Lookup {
  /** The state after the lookup alone (a hash fallback is counted). */
  readonly looked: State;
  /** The listener chosen, or null. */
  readonly listener: SockId | null;
  /** How it was chosen; null only when the port has no listener. */
  readonly via: Via | null;
  /** Applies the choice's move of the CPU's cursor: only for a packet that makes something. */
  readonly commit: (st: State) => State;
}

/**
 * `__inet_lookup_listener` with `reuseport_select_sock` and the patch's
 * `reuserps_select_sock`, for a SYN or a SYN cookie's ACK on `cpu`: a port without a group
 * has at most one listener (bind forbids more); a group chooses as `chooseListener` says.
 * The choice is a pure read: the cursor moves only through `commit`, which the caller
 * applies once a request or a cookie's child exists (`reuseport_rps_commit`).
 */
export function lookupListener(s: State, port: number, cpu: number, hash: number): Lookup {
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
  const choice = chooseListener(s, g, cpu, hash);
  const looked = g.table !== null && choice.via === 'hash' ? bump(s, 'fallbacks') : s;
  const commit = choice.listener === null ? keep : (st: State): State => putGroup(st, choice.group);
  return { looked, listener: choice.listener, via: choice.via, commit };
}
