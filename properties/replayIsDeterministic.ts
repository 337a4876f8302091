import type { Property } from './Property';

/**
 * replayIsDeterministic: the same actions from the same configuration give the same
 * outcomes and the same states, so a trace or a vector means one thing.
 */
export const replayIsDeterministic: Property = {
  name: 'replayIsDeterministic',
  prose:
    'Replaying the same actions from the same configuration gives the same outcomes and states.',
  run(r, model) {
    let s = model.initialState(r.config);
    if (!sameData(s, r.initial)) return 'the initial states differ';
    for (const [i, t] of r.steps.entries()) {
      const again = model.step(s, t.action);
      if (!sameData(again.outcome, t.outcome) || !sameData(again.state, t.after)) {
        return `step ${i} (${t.action.type}) gave another result on replay`;
      }
      s = again.state;
    }
    return null;
  },
};

/** Structural equality of plain data (what states and outcomes are made of). */
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
