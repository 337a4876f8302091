import type { ConnId, State } from '../model';
import type { ModelApi, Transition } from '../properties';
import type { KernelTrace } from './KernelTrace';
import { SynOrdinals } from './SynOrdinals';

/** A replayed step, with the map from SYN ordinals to the model's connection ids. */
export interface ReplayedStep {
  readonly transition: Transition;
  /** Ordinal of each connection (or cookie) that a SYN of the trace created so far. */
  readonly ordinals: ReadonlyMap<ConnId, number>;
}

/**
 * Runs a kernel trace through a model, each SYN's ordinal mapped to the connection id the
 * model gave it.
 */
export function replayKernelTrace(model: ModelApi, trace: KernelTrace): ReplayedStep[] {
  let s: State = model.initialState(trace.config);
  const names = new SynOrdinals();
  const steps: ReplayedStep[] = [];
  for (const wire of trace.actions) {
    const action = names.toModel(wire);
    const { state, outcome } = model.step(s, action);
    names.record(wire, s, state);
    steps.push({
      transition: { before: s, action, outcome, after: state },
      ordinals: names.snapshot(),
    });
    s = state;
  }
  return steps;
}
