import test from 'ava';
import * as model from '../model';
import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import type { ModelApi } from '../properties';
import { compareKernel, linesByTrace } from '../kerneldiff/compareKernel';
import { fromWire } from '../kerneldiff/fromWire';
import { generateKernelTraces, TRACE_STEPS } from '../kerneldiff/generateKernelTraces';
import { KERNEL_INVISIBLE } from '../kerneldiff/KERNEL_INVISIBLE';
import type { KernelTrace } from '../kerneldiff/KernelTrace';
import { expectedObservation, formatObservation } from '../kerneldiff/observation';
import { replayKernelTrace } from '../kerneldiff/replayKernelTrace';
import { originOf, shrinkCandidates } from '../kerneldiff/shrinkCandidates';
import { smallestDisagreeing } from '../kerneldiff/smallestDisagreeing';
import { sortKnown } from '../kerneldiff/sortKnown';
import { toWire, traceKey } from '../kerneldiff/toWire';
import { TraceError } from '../trace/TraceError';

const SEED = 20261202;
const traces = generateKernelTraces(model, 1000, SEED);

/** The executor's lines a kernel that behaved like `m` would print. */
function linesOf(m: ModelApi, ts: readonly KernelTrace[]): string[] {
  return ts.flatMap((t) =>
    replayKernelTrace(m, t).map((r, i) => formatObservation(t.id, i, expectedObservation(r))),
  );
}

test('kernel traces hold 20 to 60 steps the kernel can pin, and a seed repeats them', (t) => {
  t.is(traces.length, 1000);
  for (const tr of traces) {
    t.true(tr.actions.length >= TRACE_STEPS.min && tr.actions.length <= TRACE_STEPS.max);
    t.false(tr.actions.some((a) => a.type === 'synAckTimer' || a.type === 'requestExpire'));
  }
  t.deepEqual(generateKernelTraces(model, 50, SEED), traces.slice(0, 50));
  t.notDeepEqual(generateKernelTraces(model, 50, SEED + 1), traces.slice(0, 50));
  // The file the guest runs reads back as the same traces.
  t.deepEqual(fromWire(traces.map(toWire).join(''), 'traces.txt'), traces);
});

test('a kernel that answers as the model does agrees; one changed field is found', (t) => {
  const some = traces.slice(0, 100);
  const lines = linesOf(model, some);
  t.deepEqual(compareKernel(model, some, linesByTrace(lines.join('\n'))).disagreements, []);
  const at = lines.findIndex((l) => / s=1 /.test(l));
  const [id, step] = (lines[at] ?? '').split(' ')[0]?.split('.').map(Number) ?? [];
  const changed = lines.map((l, i) => (i === at ? l.replace(' s=1 ', ' s=0 ') : l));
  const r = compareKernel(model, some, linesByTrace(changed.join('\n')));
  t.is(r.disagreements.length, 1);
  t.like(r.disagreements[0], { trace: id, step, field: 's', want: '1', got: '0' });
  t.regex(r.disagreements[0]?.file.description ?? '', /step \d+ \(synArrive\): s is 0/);
  // A trace the executor stopped in the middle of disagrees at the first missing step.
  const cut = lines.filter((l) => !l.startsWith(`${id}.${(step ?? 0) + 1} `));
  t.like(compareKernel(model, some, linesByTrace(cut.join('\n'))).disagreements[0], {
    field: 'line',
  });
});

test('every model mutant a kernel can show disagrees with the model on the kernel traces', (t) => {
  const caught: string[] = [];
  for (const m of MUTANTS) {
    const r = compareKernel(model, traces, linesByTrace(linesOf(loadMutant(m), traces).join('\n')));
    if (r.disagreements.length > 0) caught.push(m.name);
    // One a kernel cannot show may still be caught by chance; every other one must be.
    if (!(m.name in KERNEL_INVISIBLE))
      t.true(r.disagreements.length > 0, `${m.name} is told apart on no trace`);
  }
  t.log(`${caught.length} of ${MUTANTS.length} mutants told apart`);
});

test('a malformed traces file is refused with its line and reason', (t) => {
  t.throws(() => fromWire('T 0 0 0\nz 1\nE\n', 'f.txt'), {
    instanceOf: TraceError,
    message: 'f.txt:2: unknown step "z"',
  });
  t.throws(() => fromWire('T 0 0 0\nb 0\nE\n', 'f.txt'), { message: /f.txt:2: expected 2 whole/ });
  t.throws(() => fromWire('T 0 0 0\np 0 0 0 zz\nE\n', 'f.txt'), { message: /mask "zz"/ });
  t.throws(() => fromWire('T 0 0 0\no 1000 t\n', 'f.txt'), { message: /no E line/ });
});

test('an open finding is reported apart, and one that no longer shows is an error', (t) => {
  const some = traces.slice(0, 20);
  const lines = linesOf(model, some);
  const at = lines.findIndex((l) => / s=1 /.test(l));
  const [id = 0, step = 0] = (lines[at] ?? '').split(' ')[0]?.split('.').map(Number) ?? [];
  const changed = lines.map((l, i) => (i === at ? l.replace(' s=1 ', ' s=0 ') : l));
  const found = compareKernel(model, some, linesByTrace(changed.join('\n'))).disagreements;
  const trace = traceKey(some.find((x) => x.id === id) as KernelTrace);
  const finding = { trace, step, field: 'L0', finding: 'seen in another field' };
  t.like(sortKnown(some, found, [finding]), { fresh: [], gone: [] });
  t.is(sortKnown(some, found, [finding]).known.length, 1);
  // Unlisted, it is new; listed but agreeing, the finding is gone.
  t.is(sortKnown(some, found, []).fresh.length, 1);
  t.deepEqual(sortKnown(some, [], [finding]).gone, [finding]);
  // An intermittent one that did not show is reported, not an error.
  const sometimes = { ...finding, intermittent: true as const };
  t.like(sortKnown(some, [], [sometimes]), { gone: [], absent: [sometimes] });
  // A finding for another trace at the same step does not cover it.
  t.is(sortKnown(some, found, [{ ...finding, trace: 'ffffffff' }]).fresh.length, 1);
  // A finding for a trace that did not run is neither.
  t.like(sortKnown(some, [], [{ ...finding, trace: 'ffffffff' }]), { fresh: [], gone: [] });
});

test('a disagreement is shrunk on the host to a smaller trace that still disagrees', (t) => {
  // A kernel that behaves like a mutant: its first disagreeing trace is cut into
  // candidates, which that kernel runs "in a second boot".
  const kernel = loadMutant(MUTANTS.find((m) => m.name === 'cursorStuck')!);
  const some = traces.slice(0, 200);
  const first = compareKernel(model, some, linesByTrace(linesOf(kernel, some).join('\n')))
    .disagreements[0];
  if (first === undefined) return t.fail('the mutant kernel agrees with the model');
  const origin = some.find((x) => x.id === first.trace)!;
  const candidates = shrinkCandidates(origin, first.step);
  t.deepEqual(candidates[0]?.actions, origin.actions.slice(0, first.step + 1));
  for (const c of candidates) {
    t.is(originOf(c.id), origin.id);
    // Every socket a step names was opened before it, every connection a SYN made.
    const opened = (k: number) => c.actions.slice(0, k).filter((a) => a.type === 'socketOpen');
    const syns = (k: number) => c.actions.slice(0, k).filter((a) => a.type === 'synArrive');
    c.actions.forEach((a, k) => {
      if ('sock' in a) t.true(a.sock < opened(k).length);
      if ('conn' in a) t.true(a.conn < syns(k).length);
    });
  }
  const again = compareKernel(
    model,
    candidates,
    linesByTrace(linesOf(kernel, candidates).join('\n')),
  );
  const best = smallestDisagreeing(candidates, again.disagreements).get(origin.id);
  if (best === undefined) return t.fail('no candidate disagrees again');
  t.true(best.trace.actions.length < first.step + 1);
  t.is(best.disagreement.step, best.trace.actions.length - 1);
  // A candidate that agrees (the model itself as the kernel) is never picked.
  const agreed = compareKernel(
    model,
    candidates,
    linesByTrace(linesOf(model, candidates).join('\n')),
  );
  t.is(smallestDisagreeing(candidates, agreed.disagreements).size, 0);
});
