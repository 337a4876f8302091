import type { Action, ConnId, State } from '../model';
import type { ModelApi, Transition } from '../properties';
import type { KernelTrace } from './KernelTrace';

/** A replayed step, with the map from SYN ordinals to the model's connection ids. */
export interface ReplayedStep {
  readonly transition: Transition;
  /** Ordinal of each connection (or cookie) that a SYN of the trace created so far. */
  readonly ordinals: ReadonlyMap<ConnId, number>;
}

/** A connection id no model hands out: an ACK for a SYN that created nothing. */
const NO_CONN = -1;

/**
 * Runs a kernel trace through a model. A SYN's ordinal maps to the connection id the
 * model gave it, read off the state (`nextConn` grew), not off the model's events.
 */
export function replayKernelTrace(model: ModelApi, trace: KernelTrace): ReplayedStep[] {
  let s: State = model.initialState(trace.config);
  const byOrdinal = new Map<number, ConnId>();
  const ordinals = new Map<ConnId, number>();
  let syns = 0;
  const steps: ReplayedStep[] = [];
  for (const wire of trace.actions) {
    const action = toModel(wire, byOrdinal);
    const { state, outcome } = model.step(s, action);
    if (wire.type === 'synArrive') {
      if (state.nextConn > s.nextConn) {
        byOrdinal.set(syns, s.nextConn);
        ordinals.set(s.nextConn, syns);
      }
      syns++;
    }
    steps.push({
      transition: { before: s, action, outcome, after: state },
      ordinals: new Map(ordinals),
    });
    s = state;
  }
  return steps;
}

/** The model's action for a step of the trace. */
function toModel(a: Action, byOrdinal: ReadonlyMap<number, ConnId>): Action {
  if (a.type === 'ackArrive' || a.type === 'connClose')
    return { ...a, conn: byOrdinal.get(a.conn) ?? NO_CONN };
  return a;
}
