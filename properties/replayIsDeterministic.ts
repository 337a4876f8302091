import { runMonitor, type Monitor, type Property } from './Property';
import { sameOutcome } from './sameOutcome';
import { sameState } from './sameState';

/** Replays each step alone: a pure step function gives the same result again. */
const replay: Monitor = {
  next(memory, t, model) {
    const again = model.step(t.before, t.action);
    if (!sameOutcome(again.outcome, t.outcome) || !sameState(again.state, t.after)) {
      return `${t.action.type} gave another result on replay`;
    }
    return memory;
  },
};

/**
 * replayIsDeterministic: the same actions from the same configuration give the same
 * outcomes and the same states, so a trace or a vector means one thing.
 */
export const replayIsDeterministic: Property = {
  name: 'replayIsDeterministic',
  prose:
    'Replaying the same actions from the same configuration gives the same outcomes and states.',
  monitor: replay,
  run(r, model) {
    if (!sameState(model.initialState(r.config), r.initial)) return 'the initial states differ';
    return runMonitor(replay, r, model);
  },
};
