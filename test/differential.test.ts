import test from 'ava';
import { buildHarness } from '../harness/buildHarness';
import { C_MUTANTS } from '../harness/C_MUTANTS';
import { checkDifferential } from '../harness/checkDifferential';
import { MUTANTS } from '../mutants/MUTANTS';

test('the C core of the patch series makes the same choices as the model', (t) => {
  const r = checkDifferential(buildHarness(), 400);
  t.log(`seed ${r.seed}: ${r.runs} runs, ${r.commands} driver commands`);
  t.is(r.divergence, null, JSON.stringify({ divergence: r.divergence, trace: r.trace }));
});

for (const m of C_MUTANTS) {
  test(`C mutant ${m.name} is told apart from the model`, (t) => {
    t.true(MUTANTS.some((x) => x.name === m.mirrors));
    const r = checkDifferential(buildHarness(m), m.runs ?? 5000, 20261122, false);
    t.not(r.divergence, null, `${m.name} survived ${r.runs} runs`);
    t.log(`after ${r.runs} runs: ${JSON.stringify(r.divergence)}`);
  });
}
