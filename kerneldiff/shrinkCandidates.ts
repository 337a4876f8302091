import type { Action } from '../model';
import type { KernelTrace } from './KernelTrace';

/** How many candidates one disagreeing trace may send to the guest. */
const MAX_PER_TRACE = 120;

/**
 * The candidate id of the `k`-th candidate of trace `origin`: the origin can be read back
 * with {@link originOf}, and no candidate id is a trace id of the run (those stay below
 * 100000).
 */
const candidateId = (origin: number, k: number): number => (origin + 1) * 1000 + k;

/** The trace a candidate was cut from. */
export const originOf = (id: number): number => Math.floor(id / 1000) - 1;

/**
 * Smaller traces that may still show a disagreement the kernel had with the model at
 * step `step` of `trace`, to run in a second boot: the trace cut after that step, then
 * that cut with one run of steps left out, for runs of half its length, a quarter, and
 * so on down to single steps (the disagreeing step always stays). Leaving out a socket's
 * open or a SYN leaves out every step that names it, and the later sockets and SYN
 * ordinals move down by one, so every candidate names only what it made.
 */
export function shrinkCandidates(trace: KernelTrace, step: number): KernelTrace[] {
  const cut: Step[] = trace.actions.slice(0, step + 1).map((a, at) => ({ a, at }));
  const out: Step[][] = [cut];
  for (let size = Math.floor(step / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let from = 0; from + size <= step && out.length < MAX_PER_TRACE; from += size) {
      let steps: readonly Step[] = cut;
      for (let k = from + size - 1; k >= from; k--) steps = withoutStep(steps, k);
      if (steps.at(-1)?.at === step) out.push([...steps]);
    }
  }
  return out.map((steps, k) => ({
    id: candidateId(trace.id, k),
    config: trace.config,
    actions: steps.map((x) => x.a),
  }));
}

/** A step of a candidate, with its place in the trace it was cut from. */
interface Step {
  readonly a: Action;
  readonly at: number;
}

/** The steps without step `k`, and without what names what step `k` made. */
function withoutStep(steps: readonly Step[], k: number): Step[] {
  const a = steps[k]?.a;
  const rest = steps.filter((_, i) => i !== k);
  const before = steps.slice(0, k).map((x) => x.a);
  if (a?.type === 'socketOpen') {
    const id = before.filter((b) => b.type === 'socketOpen').length;
    return rest
      .filter(({ a: b }) => !('sock' in b && b.sock === id))
      .map((x) =>
        'sock' in x.a && x.a.sock > id ? { ...x, a: { ...x.a, sock: x.a.sock - 1 } } : x,
      );
  }
  if (a?.type === 'synArrive') {
    const ord = before.filter((b) => b.type === 'synArrive').length;
    return rest
      .filter(({ a: b }) => !('conn' in b && b.conn === ord))
      .map((x) =>
        'conn' in x.a && x.a.conn > ord ? { ...x, a: { ...x.a, conn: x.a.conn - 1 } } : x,
      );
  }
  return rest;
}
