import test from 'ava';
import { spawnSync } from 'node:child_process';
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

test('the driver refuses a malformed line with a message naming it, and exit status 2', (t) => {
  const driver = buildHarness();
  const cases: [string, RegExp][] = [
    ['reset 4\nselect 3 0 0 0\n', /line 2: group has no table/],
    ['reset 4\nadd 64 0 0 0 1\n', /line 2: group out of range/],
    ['reset 4\nadd 0 9999 0 0 1\n', /line 2: socket out of range/],
    ['reset 4\nadd 0 1 0 0 1 x\n', /line 2: mask CPU not a number/],
    ['reset 4\nadd 0 1 0 0 600\n', /line 2: mask CPU not a number below 512/],
    ['reset 0\n', /line 1: CPUS not from 1 to 512/],
    ['reset 4\nfrobnicate 1\n', /line 2: not a command of this driver/],
    ['reset 4\ncount\n', /line 2: not a command of this driver, or its numbers are missing/],
  ];
  for (const [input, message] of cases) {
    const r = spawnSync(driver, { input, encoding: 'utf8' });
    t.is(r.status, 2, input);
    t.regex(r.stderr, message, input);
  }
});
