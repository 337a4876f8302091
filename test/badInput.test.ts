import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { MAX_INPUT_BYTES } from '../cli/readInput';

const DIR = mkdtempSync(join(tmpdir(), 'reuserps-bad-'));

/** Runs the command line in this process; its status and the first line it wrote to stderr. */
function run(argv: readonly string[]): { status: number; first: string; stdout: string } {
  const err: string[] = [];
  const out: string[] = [];
  const saved = [process.stderr.write, process.stdout.write];
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  try {
    const status = main(argv);
    return { status, first: err.join('').split('\n')[0] ?? '', stdout: out.join('') };
  } finally {
    [process.stderr.write, process.stdout.write] = saved as [
      typeof process.stderr.write,
      typeof process.stdout.write,
    ];
  }
}

/** A trace file in the scratch folder, from JSON or from raw bytes. */
function traceFile(name: string, body: unknown): string {
  const path = join(DIR, name);
  writeFileSync(path, Buffer.isBuffer(body) ? body : JSON.stringify(body));
  return path;
}

/** A listener A and a SYN, whose step 2 carries `expect`. */
const withExpect = (expect: unknown) => ({
  cpus: 1,
  steps: [
    { do: 'socketOpen', sock: 'A', uid: 1 },
    { do: 'socketListen', sock: 'A', backlog: 8 },
    { do: 'synArrive', port: 80, cpu: 0, hash: 0, conn: 'c', expect },
  ],
});

const ok = {
  cpus: 1,
  steps: [{ do: 'socketOpen', sock: 'A', uid: 1, expect: { ok: true } }],
};
const fifo = join(DIR, 'fifo');
execFileSync('mkfifo', [fifo]);
const huge = traceFile('huge.json', '');
truncateSync(huge, MAX_INPUT_BYTES + 1);

/** An exploration of 2 CPUs x 2 listeners, limit 1: far more than 50 states. */
const SMALL_EXPLORE = 'explore --cpus 2 --listeners 2 --limit 1 --policy round-robin'.split(' ');

/** Each case: the arguments, the exit status, and the first line of stderr. */
const CASES: [string, () => string[], number, RegExp][] = [
  [
    'a misspelt expect field',
    () => ['run', traceFile('e1.json', withExpect({ listner: 'A' }))],
    2,
    /step 2 \(synArrive\), field expect\.listner: is not a field of expect/,
  ],
  [
    'an expect that is a string',
    () => ['run', traceFile('e2.json', withExpect('EINVAL'))],
    2,
    /step 2 \(synArrive\), field expect: must be object/,
  ],
  [
    'an unknown errno',
    () => ['run', traceFile('e3.json', withExpect({ errno: 'EFOO' }))],
    2,
    /field expect\.errno: must be one of "EINVAL"/,
  ],
  [
    'an unknown drop reason',
    () => ['run', traceFile('e4.json', withExpect({ dropped: 'full' }))],
    2,
    /field expect\.dropped: must be one of "limit"/,
  ],
  [
    'ok: false',
    () => ['run', traceFile('e5.json', withExpect({ ok: false }))],
    2,
    /field expect\.ok: must be true/,
  ],
  [
    'expect: null',
    () => ['run', traceFile('e6.json', withExpect(null))],
    2,
    /field expect: must be object/,
  ],
  [
    'reset: 5',
    () => ['run', traceFile('e7.json', withExpect({ reset: 5 }))],
    2,
    /field expect\.reset: must be array/,
  ],
  [
    'a listener that is an object',
    () => ['run', traceFile('e8.json', withExpect({ listener: { a: 1 } }))],
    2,
    /field expect\.listener: must be string/,
  ],
  [
    'a step without do',
    () => ['run', traceFile('s1.json', { cpus: 1, steps: [{ sock: 'A' }] })],
    2,
    /step 0, field do: is required/,
  ],
  [
    'a closed name opened again',
    () => [
      'run',
      traceFile('s2.json', {
        cpus: 1,
        steps: [
          { do: 'socketOpen', sock: 'A', uid: 1 },
          { do: 'socketClose', sock: 'A' },
          { do: 'socketOpen', sock: 'A', uid: 1 },
        ],
      }),
    ],
    2,
    /step 2 \(socketOpen\), field sock: "A" was closed at step 1/,
  ],
  [
    'a mask of 200,000 CPUs',
    () => [
      'run',
      traceFile('s3.json', {
        cpus: 4,
        steps: [
          { do: 'socketOpen', sock: 'A', uid: 1 },
          {
            do: 'socketSetReuserps',
            sock: 'A',
            mask: Array.from({ length: 200_000 }, (_, i) => i),
          },
        ],
      }),
    ],
    2,
    /step 1 \(socketSetReuserps\), field mask: must NOT have more than 4096 items/,
  ],
  ['a device', () => ['run', '/dev/zero'], 2, /\/dev\/zero: not a regular file/],
  ['a FIFO with no writer', () => ['run', fifo], 2, /fifo: not a regular file/],
  ['a folder', () => ['run', DIR], 2, /not a regular file/],
  ['a file over the size limit', () => ['run', huge], 2, /huge\.json: larger than 33554432 bytes/],
  [
    'a UTF-16 file',
    () => ['run', traceFile('u16.json', Buffer.from(`\ufeff${JSON.stringify(ok)}`, 'utf16le'))],
    2,
    /u16\.json: is UTF-16/,
  ],
  [
    'bytes that are not UTF-8',
    () => ['run', traceFile('latin1.json', Buffer.from([0x7b, 0xe9, 0x7d]))],
    2,
    /latin1\.json: is not UTF-8 text/,
  ],
  [
    'a UTF-8 byte order mark, which is dropped',
    () => [
      'run',
      traceFile(
        'bom.json',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(ok))]),
      ),
    ],
    0,
    /^$/,
  ],
  [
    'a missing file',
    () => ['run', join(DIR, 'nope.json')],
    2,
    /nope\.json: cannot read it: ENOENT/,
  ],
  [
    'a value given to a flag',
    () => ['run', traceFile('ok1.json', ok), '--state=1'],
    2,
    /--state takes no value, got "1"/,
  ],
  [
    'an option given twice',
    () => ['vectors', '--out', join(DIR, 'v1'), '--out', join(DIR, 'v2')],
    2,
    /--out is given twice/,
  ],
  ['an unknown option to properties', () => ['properties', '--bogus'], 2, /unknown option --bogus/],
  [
    'an argument to mutants',
    () => ['mutants', 'extra-arg'],
    2,
    /mutants takes no arguments, got "extra-arg"/,
  ],
  ['a single-dash option', () => ['run', '-x'], 2, /unknown option -x/],
  [
    'bench with a bad option, before any benchmark',
    () => ['bench', '--rounds', '0'],
    2,
    /--rounds must be a whole number from 1/,
  ],
  ['run --help', () => ['run', '--help'], 0, /^$/],
  [
    'explore over its state limit',
    () => [...SMALL_EXPLORE, '--max-states', '50', '--out', join(DIR, 'x1')],
    2,
    /explore stopped at \d+ states: --max-states 50 reached/,
  ],
  [
    'explore over its memory limit',
    () => [
      'explore',
      '--cpus',
      '3',
      '--listeners',
      '3',
      '--limit',
      '1',
      '--policy',
      'round-robin',
      '--no-symmetry',
      '--max-memory',
      '16',
      '--out',
      join(DIR, 'x2'),
    ],
    2,
    /explore stopped at \d+ states: --max-memory 16 reached/,
  ],
  [
    'kerneldiff with a device as its log',
    () => ['kerneldiff', 'check', '--traces', '/dev/zero', '--log', '/dev/zero'],
    2,
    /\/dev\/zero: not a regular file/,
  ],
];

for (const [name, argv, status, first] of CASES) {
  test(`bad input: ${name}`, (t) => {
    const r = run(argv());
    t.is(r.status, status, r.first);
    t.regex(r.first, first);
  });
}

test('a limit reached still prints the explorer report, and no folder was written', (t) => {
  const r = run([...SMALL_EXPLORE, '--max-states', '50', '--out', join(DIR, 'x3')]);
  t.is(r.status, 2);
  t.regex(r.stdout, /distinct states {3}\d+ \(search not complete\)/);
  t.false(readdirSync(DIR).includes('x3'));
});
