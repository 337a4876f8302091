import test from 'ava';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { recoverOutput } from '../suite/recoverOutput';
import { OUTPUT_MARKER } from '../suite/writeOutputDir';

const ROOT = join(__dirname, '..');
const cli = (cwd: string, env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'reuserps.js'), ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, ...env },
  });
const scratch = (): string => mkdtempSync(join(tmpdir(), 'reuserps-out-'));

/** Every file of a folder and its text, to compare whole sets. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

/** The charts of the restart workload for a seed: a small, quick output set. */
const charts = (cwd: string, dir: string, seed: string, env: Record<string, string> = {}) =>
  cli(cwd, env, 'compare', '--workload', 'restart', '--seed', seed, '--svg', dir, '--force');

test('--out refuses a non-empty folder it did not write, even with --force, and leaves it as it was', (t) => {
  const root = scratch();
  const mine = join(root, 'mine');
  mkdirSync(mine);
  writeFileSync(join(mine, 'notes.txt'), 'keep me');
  for (const force of [[], ['--force']]) {
    const r = cli(root, {}, 'vectors', '--out', mine, ...force);
    t.is(r.status, 2, r.stderr);
    t.regex(r.stderr, /mine is not empty and was not written by reuserps/);
    t.deepEqual(contents(mine), { 'notes.txt': 'keep me' });
  }
  t.deepEqual(readdirSync(root), ['mine']);
});

test('--out .. or . from a subfolder never touches the folder that holds it', (t) => {
  const root = scratch();
  const sub = join(root, 'project', 'sub');
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(root, 'project', 'package.json'), '{}');
  for (const dir of ['..', '.', '../..']) {
    const r = cli(sub, {}, 'vectors', '--out', dir, '--force');
    t.is(r.status, 2, dir);
    t.regex(r.stderr, /is the current directory or holds it/, dir);
    t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
  }
  t.deepEqual(readdirSync(join(root, 'project')).sort(), ['package.json', 'sub']);
});

test('--out keep/ with a trailing slash writes keep, and an earlier output is replaced only with --force', (t) => {
  const root = scratch();
  const first = cli(root, {}, 'compare', '--workload', 'restart', '--svg', 'keep/');
  t.is(first.status, 0, first.stderr);
  t.deepEqual(readdirSync(root), ['keep']);
  t.true(existsSync(join(root, 'keep', OUTPUT_MARKER)));
  const again = cli(root, {}, 'compare', '--workload', 'restart', '--svg', 'keep/');
  t.is(again.status, 2);
  t.regex(again.stderr, /holds an earlier output; --force replaces it/);
  t.is(charts(root, 'keep/', '7').status, 0);
  t.deepEqual(readdirSync(root), ['keep'], 'no temporary left beside it');
});

test('a file, a path under a file, an empty path or /proc as --out is an error naming it, with nothing written', (t) => {
  const root = scratch();
  writeFileSync(join(root, 'file'), 'x');
  const cases: [string[], RegExp][] = [
    [['vectors', '--out', 'file'], /--out file: .*file exists and is not a folder/],
    [['vectors', '--out', 'file/sub'], /--out file\/sub: ENOTDIR: .*file is not a directory/],
    [['vectors', '--out', ''], /--out "": needs a path/],
    [
      ['vectors', '--out', '/proc/reuserps-x'],
      /--out \/proc\/reuserps-x: ENOENT: cannot write in \/proc/,
    ],
    [['suite', '--out', 'file', '--runs', '1'], /--out file: .*file exists and is not a folder/],
    [
      'explore --cpus 1 --listeners 1 --limit 0 --policy fill-first --out file'.split(' '),
      /--out file: .*not a folder/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = cli(root, {}, ...args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
    t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
  }
  t.deepEqual(readdirSync(root), ['file']);
  t.is(readFileSync(join(root, 'file'), 'utf8'), 'x');
});

// Each point of the write, and what the folder must hold once the next run has cleaned up.
const CRASHES: [string, 'old' | 'new'][] = [
  ['output-first-file', 'old'],
  ['output-written', 'old'],
  ['output-aside', 'old'],
  ['output-swapped', 'new'],
];

for (const [point, expected] of CRASHES) {
  test(`a run killed at ${point} leaves the ${expected} output whole, never a mix`, (t) => {
    const root = scratch();
    const dir = join(root, 'charts');
    t.is(charts(root, dir, '1').status, 0);
    const old = contents(dir);
    t.is(charts(root, join(root, 'fresh'), '2').status, 0);
    const fresh = contents(join(root, 'fresh'));
    t.notDeepEqual(old, fresh, 'seed 1 and seed 2 give different charts');
    const killed = charts(root, dir, '2', { REUSERPS_CRASH_AT: point });
    t.is(killed.signal, 'SIGKILL', 'the run was stopped at the point');
    // Right after the kill the folder is the old or the new set; only at output-aside is
    // it missing, with the old set beside it under the tools' own name.
    if (existsSync(dir))
      t.true([old, fresh].some((x) => JSON.stringify(x) === JSON.stringify(contents(dir))));
    else t.is(point, 'output-aside');
    recoverOutput({ path: dir, parent: dirname(dir) });
    t.deepEqual(contents(dir), expected === 'old' ? old : fresh);
    t.deepEqual(readdirSync(root).sort(), [basename(dir), 'fresh'], 'no temporary left');
  });
}

test('a later run cleans what a killed run left and writes its own output', (t) => {
  const root = scratch();
  const dir = join(root, 'charts');
  t.is(charts(root, dir, '1').status, 0);
  t.is(charts(root, dir, '2', { REUSERPS_CRASH_AT: 'output-written' }).signal, 'SIGKILL');
  t.true(readdirSync(root).some((f) => f.endsWith('.tmp')));
  t.is(charts(root, dir, '2').status, 0);
  t.deepEqual(readdirSync(root), ['charts']);
  t.true(existsSync(join(dir, OUTPUT_MARKER)));
});
