import test from 'ava';
import fc from 'fast-check';
import * as model from '../model';
import { MUTANTS } from '../mutants/MUTANTS';
import { PROPERTIES } from '../properties';
import { checkModel } from '../suite/checkModel';
import { parseTrace } from '../trace/parseTrace';
import { runToTrace } from '../trace/runToTrace';
import { runTrace } from '../trace/runTrace';
import { buildRun, scenarioArb } from '../suite/Scenario';

test('the reference model keeps every property over random runs', (t) => {
  const r = checkModel(model, { numRuns: 600 });
  t.log(`seed ${r.seed}: ${r.runs} runs, ${r.actions} actions`);
  t.is(r.violation, null, r.trace === null ? '' : JSON.stringify(r.trace));
});

test('the generator makes mostly meaningful actions', (t) => {
  const r = checkModel(model, { numRuns: 300, seed: 1 });
  t.true(r.okActions / r.generated > 0.75, `${r.okActions} of ${r.generated} succeeded`);
  t.true(r.generated / r.runs > 15, `${r.generated / r.runs} actions a run`);
});

test('every property has prose, a check, and a mutant meant for it', (t) => {
  t.is(new Set(PROPERTIES.map((p) => p.name)).size, PROPERTIES.length);
  for (const p of PROPERTIES) {
    t.true(p.prose.length > 20, p.name);
    t.true(p.state !== undefined || p.step !== undefined || p.run !== undefined, p.name);
    t.true(
      MUTANTS.some((m) => m.killedBy === p.name),
      `no mutant for ${p.name}`,
    );
  }
});

test('a generated run, written as a trace file, replays to the same outcomes', (t) => {
  for (const sc of fc.sample(scenarioArb(), { numRuns: 40, seed: 11 })) {
    const run = buildRun(model, sc);
    const trace = parseTrace(JSON.stringify(runToTrace(run, 'round trip')), 'generated.json');
    const replay = runTrace(trace, model);
    t.deepEqual(
      replay.run.steps.map((s) => s.outcome),
      run.steps.map((s) => s.outcome),
    );
  }
});
