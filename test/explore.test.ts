import test from 'ava';
import Ajv2020 from 'ajv/dist/2020';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as model from '../model';
import type { State } from '../model';
import { explore } from '../explore/explore';
import { stateKey } from '../explore/stateKey';
import { setUp } from '../explore/Universe';
import { loadMutant, mutantPath } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import type { ModelApi } from '../properties';
import traceSchema from '../trace/trace.schema.json';
import vectorsSchema from '../vectors/vectors.schema.json';
import { PINNED_CONFIGS, PINNED_COUNTS } from '../explore/PINNED_COUNTS';
import { CAUGHT_IN, MUTANT_CONFIGS as CONFIGS } from '../explore/MUTANT_CONFIGS';
import { PROPERTIES } from '../properties';

const ROOT = join(__dirname, '..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'reuserps.js'), ...args], { encoding: 'utf8' });

for (const [name, symmetry, states] of PINNED_COUNTS) {
  test(`explore ${name} (symmetry ${symmetry ? 'on' : 'off'}) reaches ${states} states, all sound`, (t) => {
    const r = explore(PINNED_CONFIGS[name], model, { symmetry, maxDepth: null });
    t.is(r.violation, null);
    t.true(r.complete);
    t.deepEqual(r.stuck, []);
    t.is(r.distinct, states);
  });
}

test('symmetry only merges states: fewer states, the same depth and the same verdict', (t) => {
  for (const name of ['tiny', 'rrLimited'] as const) {
    const on = explore(CONFIGS[name], model, { symmetry: true, maxDepth: null });
    const off = explore(CONFIGS[name], model, { symmetry: false, maxDepth: null });
    t.true(on.distinct <= off.distinct, name);
    t.is(on.depth, off.depth, name);
    t.is(on.terminal > 0, off.terminal > 0, name);
    t.deepEqual(on.neverFired, off.neverFired, name);
  }
  // Two listeners mirrored over two CPUs: symmetry must merge at least the mirror images.
  const on = explore(CONFIGS.rrLimited, model, { symmetry: true, maxDepth: null });
  const off = explore(CONFIGS.rrLimited, model, { symmetry: false, maxDepth: null });
  t.true(on.distinct * 1.8 < off.distinct);
});

test('a renamed copy of a state has the key of the state under symmetry, not without', (t) => {
  // Listener 0 listens on CPU 0's row, listener 1 on CPU 1's: the mirror image of the
  // state where only listener 1 listens is the state where only listener 0 does.
  const { state: s } = setUp(CONFIGS.rrLimited, model);
  const only = (sock: number): State =>
    model.step(s, { type: 'socketListen', sock, backlog: 1 }).state;
  t.is(stateKey(only(0), [], true), stateKey(only(1), [], true));
  t.not(stateKey(only(0), [], false), stateKey(only(1), [], false));
});

for (const m of MUTANTS) {
  test(`the explorer catches mutant ${m.name}, with and without symmetry, and with fingerprints in two worker threads`, (t) => {
    const mutant = loadMutant(m);
    // Only the property meant to catch it, so that the run found is that property's.
    const properties = PROPERTIES.filter((p) => p.name === m.killedBy);
    const cfg = CONFIGS[CAUGHT_IN[m.name] ?? 'rrLimited'];
    const on = explore(cfg, mutant, { symmetry: true, maxDepth: null, properties });
    const off = explore(cfg, mutant, { symmetry: false, maxDepth: null, properties });
    const printed = explore(cfg, mutant, {
      symmetry: true,
      maxDepth: null,
      properties,
      fingerprints: true,
      workers: 2,
      modelPath: mutantPath(m),
    });
    t.is(on.violation?.property, m.killedBy);
    t.is(off.violation?.property, m.killedBy);
    t.is(printed.violation?.property, m.killedBy, 'with fingerprints and workers');
    t.is(printed.workers, 2);
    // Breadth-first: both give a shortest run, so of one length.
    t.is(on.violation?.run.steps.length, off.violation?.run.steps.length);
    t.is(printed.violation?.run.steps.length, on.violation?.run.steps.length);
  });
}

test('a state that holds connections and has nowhere to go is reported', (t) => {
  // A model where an accepted connection can never end: once every socket is closed,
  // nothing can happen to it.
  const stuck: ModelApi = {
    initialState: model.initialState,
    step: (s, a) =>
      a.type === 'connClose'
        ? { state: s, outcome: { ok: false, errno: 'EINVAL' } }
        : model.step(s, a),
  };
  const r = explore(CONFIGS.tiny, stuck, { symmetry: true, maxDepth: null, properties: [] });
  t.true(r.stuck.length > 0);
  t.true((r.stuck[0]?.steps.at(-1)?.after.conns.length ?? 0) > 0);
  t.deepEqual(explore(CONFIGS.tiny, model, { symmetry: true, maxDepth: null }).stuck, []);
});

test('reuserps explore writes a shortest counterexample that reuserps run replays', (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reuserps-explore-')), 'out');
  const args = ['--cpus', '2', '--listeners', '2', '--limit', '1', '--policy', 'round-robin'];
  const r = cli('explore', ...args, '--mutant', 'limitInclusive', '--out', dir, '--json');
  t.is(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { violation: { property: string; files: string[] } };
  t.is(report.violation.property, 'loadIsBounded');
  const trace = join(dir, 'counterexample.trace.json');
  // The mutant breaks the property on replay; the reference model does not.
  const broken = cli('run', trace, '--mutant', 'limitInclusive');
  t.is(broken.status, 1);
  t.regex(broken.stdout, /"violated":"loadIsBounded"/);
  t.is(cli('run', trace).status, 0);
  // The vector case validates, and its expectations tell the mutant from the model.
  const vectors = JSON.parse(readFileSync(join(dir, 'counterexample.vectors.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  ajv.addSchema(traceSchema, 'trace.schema.json');
  t.true(ajv.compile(vectorsSchema)(vectors));
  t.is(vectors.testGroups[0].tests[0].flags[0], 'Counterexample');
});

test('reuserps explore with the model holds, and bad options are usage errors', (t) => {
  const ok = cli(
    'explore',
    '--cpus',
    '1',
    '--listeners',
    '1',
    '--limit',
    '1',
    '--policy',
    'fill-first',
    '--conns',
    '1',
  );
  t.is(ok.status, 0, ok.stderr);
  t.regex(ok.stdout, /every property holds/);
  const dir = join(mkdtempSync(join(tmpdir(), 'reuserps-explore-')), 'out');
  const base = ['--cpus', '1', '--listeners', '1', '--limit', '1', '--policy', 'round-robin'];
  for (const bad of [
    base.slice(2),
    ['--cpus', '0', ...base.slice(2)],
    [...base.slice(0, 6), '--policy', 'random'],
    [...base, '--masks', 'odd'],
    [...base, '--mutant', 'nope'],
    [...base, '--workers', '2'],
    [...base, '--workers', '0', '--fingerprints'],
    [...base, '--queue-memory', '0'],
    [...base, '--against-c', '--c-mutant', 'nope'],
  ]) {
    const r = cli('explore', ...bad, '--out', dir);
    t.is(r.status, 2, bad.join(' '));
    t.regex(r.stderr, /--|mutant/);
  }
  t.false(existsSync(dir));
});
