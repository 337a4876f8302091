import type { Action, Config, Outcome, Result, Socket, State } from '../model';

/** One step of a run: the state before, the action, what it returned, the state after. */
export interface Transition {
  readonly before: State;
  readonly action: Action;
  readonly outcome: Outcome;
  readonly after: State;
}

/** A run of the model from its initial state. */
export interface Run {
  readonly config: Config;
  readonly initial: State;
  readonly steps: readonly Transition[];
}

/** What a property needs of a model: the real one, or a mutant. */
export interface ModelApi {
  readonly initialState: (config: Config) => State;
  readonly step: (s: State, a: Action) => Result;
}

/**
 * A named property of the option, with its prose. It is checked in every state, on every
 * transition, or over a whole run, whichever of `state`, `step` and `run` it has; each
 * returns why the property fails, or null.
 */
export interface Property {
  /** The property's name, as used in reports, tests and the C harness. */
  readonly name: string;
  /** One or two sentences that say what must hold. */
  readonly prose: string;
  /** Checked in every state of a run, the initial one included. */
  readonly state?: (s: State) => string | null;
  /** Checked on every transition. */
  readonly step?: (t: Transition) => string | null;
  /** Checked once over a whole run; may run the model again. */
  readonly run?: (r: Run, model: ModelApi) => string | null;
}

/** Whether a listener may own one more connection, as DESIGN.md defines a limit. */
export function hasRoom(sock: Socket, count: number = sock.count): boolean {
  const limit = sock.rps?.limit ?? 0;
  return limit === 0 || count < limit;
}
