/*
 * Helpers shared by the tests: build a state from actions, and make listeners.
 */
import {
  initialState,
  step,
  type Action,
  type Outcome,
  type ReuserpsOpt,
  type State,
} from '../model';

/** Applies actions in order; returns the final state and every outcome. */
export function apply(s: State, actions: readonly Action[]): { state: State; outcomes: Outcome[] } {
  const outcomes: Outcome[] = [];
  for (const a of actions) {
    const r = step(s, a);
    outcomes.push(r.outcome);
    s = r.state;
  }
  return { state: s, outcomes };
}

/** The actions that make socket `id` (the next one opened) a listener on `port`. */
export function listenerActions(
  id: number,
  opt: ReuserpsOpt | null,
  port = 80,
  uid = 1000,
): Action[] {
  return [
    { type: 'socketOpen', uid, proto: 'tcp' },
    { type: 'socketSetReuseport', sock: id, on: true },
    ...(opt === null ? [] : [{ type: 'socketSetReuserps', sock: id, opt } as const]),
    { type: 'socketBind', sock: id, port },
    { type: 'socketListen', sock: id, backlog: 128 },
  ];
}

/** A machine with `n` round-robin listeners (sockets 0 to n - 1), each for `mask`. */
export function withListeners(
  cpus: number,
  n: number,
  mask: number[],
  limit = 0,
  policy = 0,
): State {
  const actions = Array.from({ length: n }, (_, id) =>
    listenerActions(id, { mask, policy, limit }),
  ).flat();
  const { state, outcomes } = apply(initialState({ cpus }), actions);
  if (!outcomes.every((o) => o.ok)) throw new Error('setup failed');
  return state;
}

/** The listener a SYN went to, or null. */
export function placedOn(o: Outcome): number | null {
  if (!o.ok) return null;
  const e = o.events.find((x) => x.kind === 'placed');
  return e?.kind === 'placed' ? e.listener : null;
}
