import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as model from '../model';
import schema from '../trace/trace.schema.json';
import { parseTrace } from '../trace/parseTrace';
import { runTrace } from '../trace/runTrace';

const ROOT = join(__dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'reuserps.js'), ...args], { encoding: 'utf8' });

for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
  test(`example ${file} meets every expectation and property`, (t) => {
    const trace = parseTrace(readFileSync(join(EXAMPLES, file), 'utf8'), file);
    const r = runTrace(trace, model);
    t.deepEqual(r.mismatches, []);
    t.is(r.violation, null);
    t.true(trace.steps.some((s) => s.expect !== undefined));
  });
}

const bad: [string, unknown, RegExp][] = [
  ['not JSON', '{"cpus": 2,', /not JSON/],
  ['no steps', { cpus: 2 }, /top level, field steps: is required/],
  [
    'negative cpu',
    { cpus: 2, steps: [{ do: 'synArrive', port: 80, cpu: -1, hash: 0 }] },
    /step 0 \(synArrive\), field cpu: must be >= 0/,
  ],
  [
    'cpu too high',
    { cpus: 2, steps: [{ do: 'synArrive', port: 80, cpu: 2, hash: 0 }] },
    /step 0 \(synArrive\), field cpu: 2 is not below cpus/,
  ],
  [
    'unknown action',
    { cpus: 1, steps: [{ do: 'fly' }] },
    /step 0 \(fly\), field do: must be one of/,
  ],
  [
    'unknown field',
    { cpus: 1, steps: [{ do: 'socketOpen', sock: 'A', uid: 1, colour: 2 }] },
    /field colour: is not a field/,
  ],
  [
    'socket never opened',
    { cpus: 1, steps: [{ do: 'socketClose', sock: 'Z' }] },
    /step 0 \(socketClose\), field sock: no socket "Z"/,
  ],
  [
    'socket opened twice',
    {
      cpus: 1,
      steps: [
        { do: 'socketOpen', sock: 'A', uid: 1 },
        { do: 'socketOpen', sock: 'A', uid: 1 },
      ],
    },
    /step 1 \(socketOpen\), field sock: "A" is already open/,
  ],
  [
    'connection never named',
    { cpus: 1, steps: [{ do: 'ackArrive', conn: 'c', cpu: 0 }] },
    /step 0 \(ackArrive\), field conn: no earlier SYN/,
  ],
  [
    'limit below zero',
    {
      cpus: 1,
      steps: [
        { do: 'socketOpen', sock: 'A', uid: 1 },
        { do: 'socketSetReuserps', sock: 'A', mask: [0], limit: -1 },
      ],
    },
    /step 1 \(socketSetReuserps\), field limit: must be >= 0/,
  ],
  [
    'limit above u32',
    {
      cpus: 1,
      steps: [
        { do: 'socketOpen', sock: 'A', uid: 1 },
        { do: 'socketSetReuserps', sock: 'A', mask: [0], limit: 2 ** 32 },
      ],
    },
    /field limit: must be <= 4294967295/,
  ],
  [
    'mask with a repeat',
    {
      cpus: 2,
      steps: [
        { do: 'socketOpen', sock: 'A', uid: 1 },
        { do: 'socketSetReuserps', sock: 'A', mask: [1, 1] },
      ],
    },
    /field mask: must NOT have duplicate items/,
  ],
  [
    'unknown policy name',
    {
      cpus: 2,
      steps: [
        { do: 'socketOpen', sock: 'A', uid: 1 },
        { do: 'socketSetReuserps', sock: 'A', mask: [1], policy: 'random' },
      ],
    },
    /field policy/,
  ],
  [
    'port zero',
    {
      cpus: 1,
      steps: [
        { do: 'socketOpen', sock: 'A', uid: 1 },
        { do: 'socketBind', sock: 'A', port: 0 },
      ],
    },
    /field port: must be >= 1/,
  ],
];
for (const [name, body, message] of bad) {
  test(`a bad trace (${name}) gets an error naming its place, and exit status 2`, (t) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    t.throws(() => parseTrace(text, 'bad.json'), { message });
    const dir = mkdtempSync(join(tmpdir(), 'reuserps-test-'));
    writeFileSync(join(dir, 'bad.json'), text);
    const r = cli('run', join(dir, 'bad.json'));
    t.is(r.status, 2);
    t.is(r.stdout, '');
    t.regex(r.stderr, message);
  });
}

test('reuserps run prints one JSON line per step, and the table with --state', (t) => {
  const file = join(EXAMPLES, 'round-robin.json');
  const steps = (JSON.parse(readFileSync(file, 'utf8')) as { steps: unknown[] }).steps.length;
  const plain = cli('run', file);
  t.is(plain.status, 0, plain.stderr);
  const lines = plain.stdout.trim().split('\n');
  t.is(lines.length, steps);
  for (const line of lines) t.notThrows(() => JSON.parse(line));
  const withState = cli('run', file, '--state');
  t.regex(withState.stdout, /\| {3}cpu0: >?A B >?C/);
  t.regex(withState.stdout, /\| C: listening port 8080 uid 1000 mask 0,1 limit none count \d/);
});

test('reuserps run fails with status 1 when a step does not do what it expects', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reuserps-test-'));
  const file = join(dir, 'wrong.json');
  writeFileSync(
    file,
    JSON.stringify({
      cpus: 1,
      steps: [{ do: 'socketOpen', sock: 'A', uid: 1, expect: { errno: 'EINVAL' } }],
    }),
  );
  const r = cli('run', file);
  t.is(r.status, 1);
  t.regex(r.stdout, /"unexpected":0,"reason":"expected EINVAL, got success"/);
});

test('an unknown option or mutant is a usage error', (t) => {
  t.is(cli('run', join(EXAMPLES, 'round-robin.json'), '--colour').status, 2);
  t.is(cli('run', join(EXAMPLES, 'round-robin.json'), '--mutant', 'nope').status, 2);
  t.is(cli('suite', '--runs', 'many').status, 2);
});

test('the trace schema names every action of the model, and only those', (t) => {
  t.deepEqual([...schema.$defs.step.properties.do.enum].sort(), [...model.ACTION_TYPES].sort());
});
