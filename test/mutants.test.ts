import test from 'ava';
import * as model from '../model';
import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import { PROPERTIES } from '../properties';
import { checkModel } from '../suite/checkModel';
import { parseTrace } from '../trace/parseTrace';
import { runTrace } from '../trace/runTrace';

const SEED = 20261122;

for (const m of MUTANTS) {
  test(`mutant ${m.name} is killed by ${m.killedBy}, and its counterexample replays`, (t) => {
    const mutant = loadMutant(m);
    const target = PROPERTIES.filter((p) => p.name === m.killedBy);
    const r = checkModel(mutant, { numRuns: 20_000, seed: SEED, properties: target });
    t.is(r.violation?.property, m.killedBy, `${m.name} survived ${r.runs} runs`);
    if (r.trace === null) return;
    t.log(`killed by ${m.killedBy} in ${r.trace.steps.length} steps: ${r.violation?.reason}`);
    // The counterexample is a valid trace file: it shows the bug on the mutant only. Another
    // property may see the same bug earlier in the run (a cursor moved by a dropped SYN is
    // also a cookie's SYN moving it), so the replay is judged by the mutant's own property.
    const trace = parseTrace(JSON.stringify(r.trace), `${m.name}.json`);
    t.is(runTrace(trace, mutant, target).violation?.property, m.killedBy);
    t.not(runTrace(trace, mutant).violation, null);
    t.is(runTrace(trace, model).violation, null);
  });
}

test('a mutant whose edit no longer matches the model fails loudly', (t) => {
  const broken = { ...MUTANTS[0]!, name: 'stale', find: 'this text is not in the model' };
  t.throws(() => loadMutant(broken), { message: /occurs 0 times/ });
});
