import test from 'ava';
import { spawnSync } from 'node:child_process';
import * as model from '../model';
import { checkAgainstC } from '../explore/checkAgainstC';
import { explore } from '../explore/explore';
import { CAUGHT_IN, MUTANT_CONFIGS } from '../explore/MUTANT_CONFIGS';
import { buildHarness } from '../harness/buildHarness';
import { C_MUTANTS } from '../harness/C_MUTANTS';
import { runToExchanges } from '../harness/exchanges';

const configOf = (name: string) => {
  const cfg = MUTANT_CONFIGS[name as keyof typeof MUTANT_CONFIGS];
  if (cfg === undefined) throw new Error(`no explored configuration ${name}`);
  return cfg;
};

test('the C core answers as the model on every transition of rrLimited', (t) => {
  const cfg = MUTANT_CONFIGS.rrLimited;
  const r = explore(cfg, model, { symmetry: true, maxDepth: null });
  const c = checkAgainstC(cfg, model, r.tree, r.expanded, buildHarness());
  t.is(c.difference, null, JSON.stringify(c.difference?.command));
  // Every action of every one of the 3038 states.
  t.is(c.transitions, r.generated);
  t.log(
    `${c.transitions} transitions, ${c.commands} commands, ${Math.round(c.transitions / c.seconds)}/s`,
  );
});

for (const m of C_MUTANTS) {
  const where = m.exploredIn ?? CAUGHT_IN[m.mirrors] ?? 'rrLimited';
  test(`explore --against-c tells C mutant ${m.name} apart in ${where}, with a run the model replays`, (t) => {
    const cfg = configOf(where);
    const r = explore(cfg, model, { symmetry: true, maxDepth: null });
    const c = checkAgainstC(cfg, model, r.tree, r.expanded, buildHarness(m));
    t.not(c.difference, null, `${m.name} survived ${c.transitions} transitions`);
    const run = c.difference?.run;
    if (run === undefined) return;
    // The run's own exchanges, from a fresh driver of that mutant, part at its last step.
    const exchanges = runToExchanges(run);
    const out = spawnSync(buildHarness(m), {
      input: exchanges.map((x) => x.command).join('\n') + '\n',
      encoding: 'utf8',
    }).stdout.split('\n');
    const first = exchanges.findIndex((x, i) => out[i] !== x.expect);
    t.is(exchanges[first]?.step, run.steps.length - 1);
  });
}

test('push and pop give back the state from before, and a pop with nothing pushed is refused', (t) => {
  const driver = buildHarness();
  const input = [
    'reset 2',
    'add 0 0 0 0 0 1',
    'push',
    'add 0 1 0 0 0 1',
    'state 0',
    'pop',
    'state 0',
    'pop',
  ].join('\n');
  const r = spawnSync(driver, { input: `${input}\n`, encoding: 'utf8' });
  t.deepEqual(r.stdout.split('\n').slice(0, 7), [
    'ok',
    'ok',
    'ok',
    'ok',
    'socks=0,1;rows=0:0,1@0|1:0,1@0',
    'ok',
    'socks=0;rows=0:0@0|1:0@0',
  ]);
  t.is(r.status, 2);
  t.regex(r.stderr, /line 8: pop with nothing pushed/);
});

test('explore --against-c prints the C core figures, and --c-mutant needs it', (t) => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [require.resolve('../bin/reuserps.js'), 'explore', ...args], {
      encoding: 'utf8',
    });
  const base = ['--cpus', '1', '--listeners', '1', '--limit', '1', '--policy', 'round-robin'];
  const ok = cli(...base, '--conns', '1', '--hashes', '1', '--against-c', '--json', '--out', 'x');
  t.is(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout) as { againstC: { transitions: number; difference: null } };
  t.is(report.againstC.difference, null);
  t.true(report.againstC.transitions > 0);
  const bad = cli(...base, '--c-mutant', 'cCursorStuck');
  t.is(bad.status, 2);
  t.regex(bad.stderr, /--c-mutant goes with --against-c/);
});
