import fc from 'fast-check';
import type { Config, Policy } from '../model';
import type { ModelApi, Run, Transition } from '../properties';
import { generateAction, PICK_RANGE, type Pick } from './generateAction';

/** A random run: the machine, the policy most listeners ask for, and the picks. */
export interface Scenario {
  readonly config: Config;
  readonly policy: Policy;
  /** Whether listeners are made plain SO_REUSEPORT ones, not SO_REUSERPS. */
  readonly plain: boolean;
  readonly picks: readonly Pick[];
  /**
   * Whether listeners mostly leave their children queued and a close mostly takes one with
   * several: what it takes to see how a close hands out a queue (rare otherwise).
   */
  readonly queues?: boolean;
}

const pick = fc.nat({ max: PICK_RANGE - 1 });

/** Scenarios of 1 to 4 CPUs and up to `maxActions` actions. */
export function scenarioArb(maxActions = 60): fc.Arbitrary<Scenario> {
  return fc.record({
    config: fc.record({
      cpus: fc.integer({ min: 1, max: 4 }),
      migrateReq: fc.boolean(),
      // One run in four under SYN cookies (they make no requests, which most properties need);
      // a counterexample shrinks toward cookies off.
      syncookies: fc.integer({ min: 0, max: 3 }).map((n) => n === 3),
    }),
    policy: fc.constantFrom<Policy>(0, 1),
    plain: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    picks: fc.array(fc.tuple(pick, pick, pick, pick), {
      minLength: 1,
      maxLength: maxActions,
      size: 'max',
    }),
  });
}

/**
 * The property suite's scenarios: those of {@link scenarioArb}, and one in four with
 * queues that build up before a close.
 */
export function suiteScenarioArb(maxActions = 60): fc.Arbitrary<Scenario> {
  return fc.oneof(
    { weight: 3, arbitrary: scenarioArb(maxActions) },
    { weight: 1, arbitrary: scenarioArb(maxActions).map((sc) => ({ ...sc, queues: true })) },
  );
}

/** Runs a scenario through a model, generating each action from the state it meets. */
export function buildRun(model: ModelApi, sc: Scenario): Run {
  const initial = model.initialState(sc.config);
  const steps: Transition[] = [];
  let s = initial;
  for (const p of sc.picks) {
    const action = generateAction(s, p, sc.policy, sc.plain, sc.queues === true);
    const { state, outcome } = model.step(s, action);
    steps.push({ before: s, action, outcome, after: state });
    s = state;
  }
  return { config: sc.config, initial, steps };
}
