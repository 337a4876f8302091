import { runMonitor, type Monitor, type Property } from './Property';
import { sameState } from './sameState';

/** Replays each step alone: a pure step function gives the same result again. */
const replay: Monitor = {
  next(memory, t, model) {
    const again = model.step(t.before, t.action);
    if (!sameData(again.outcome, t.outcome) || !sameState(again.state, t.after)) {
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

/** Structural equality of plain data (outcomes). */
function sameData(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const kx = Object.keys(x);
  if (kx.length !== Object.keys(y).length) return false;
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  return kx.every((k) => k in oy && sameData(ox[k], oy[k]));
}
