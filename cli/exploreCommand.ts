import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import * as model from '../model';
import { counterexample } from '../explore/counterexample';
import { checkAgainstC, type AgainstCResult } from '../explore/checkAgainstC';
import {
  explore,
  structureBytes,
  type ExploreResult,
  type ExploreViolation,
} from '../explore/explore';
import { buildHarness } from '../harness/buildHarness';
import { C_MUTANTS } from '../harness/C_MUTANTS';
import { EXPLORE_DEFAULTS, policyOf, type ExploreConfig } from '../explore/Universe';
import { loadMutant, mutantPath } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import type { ModelApi } from '../properties';
import { OutputError } from '../suite/OutputError';
import { checkOutputDir, writeOutputDir } from '../suite/writeOutputDir';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** The most distinct states stored unless --max-states says otherwise. */
const DEFAULT_MAX_STATES = 20_000_000;

/** Usage of `reuserps explore`. */
export const EXPLORE_USAGE = `reuserps explore --cpus C --listeners L --limit K --policy round-robin|fill-first
                 [--conns N] [--depth D] [--hashes H] [--backlog B] [--masks spread|all]
                 [--remask] [--no-symmetry] [--mutant NAME] [--out DIR [--force]] [--json]
                 [--max-states N] [--max-memory MB] [--fingerprints [--workers W]]
                 [--queue-memory MB] [--against-c [--c-mutant NAME]]
  Visits every state the model reaches from L bound listeners (and one socket of
  another uid) with at most N live connections, breadth-first, checking every property
  in every state and on every transition. Reports distinct states, states generated,
  depth, how often each action fired, time and states per second. A broken property
  gives its shortest run in DIR (default explore-out): counterexample.trace.json for
  reuserps run, and counterexample.vectors.json (DIR must be new or empty; --force
  replaces an earlier output of reuserps). The search stops cleanly at --max-states
  distinct states (default ${DEFAULT_MAX_STATES.toLocaleString('en')}) or when the heap holds more than
  --max-memory MB (default ${defaultMaxMemoryMb()}, 80% of this Node's heap limit).
  --fingerprints keeps a 64-bit fingerprint of each state seen instead of its key (less
  memory, lossy: it prints the estimated chance that two states shared one). --workers W
  expands each breadth-first level in W worker threads over one shared fingerprint set
  (same counts as one thread). States wait on the queue packed; past --queue-memory MB
  (default 256) they are spilled to a file in the temporary folder. --against-c then
  replays every transition explored through the patch's C core (the differential
  harness's driver, built with cc; --c-mutant NAME builds a broken core of
  harness/C_MUTANTS.ts) and reports the first difference, with a shortest run in DIR.
  Exit status: 0 all held, 1 a property broke or a state is stuck, 2 bad input or a
  limit reached.`;

/** 80% of the heap V8 allows this process: the search stops before V8 aborts it. */
function defaultMaxMemoryMb(): number {
  return Math.floor((getHeapStatistics().heap_size_limit * 0.8) / 2 ** 20);
}

/** The configuration and options a command line asks for. */
export function exploreArgs(argv: readonly string[]): {
  cfg: ExploreConfig;
  symmetry: boolean;
  depth: number | null;
  json: boolean;
  mutant: string | null;
  out: string;
  force: boolean;
  maxStates: number;
  maxMemoryMb: number;
  fingerprints: boolean;
  workers: number;
  queueMb: number;
  againstC: boolean;
  cMutant: string | null;
} {
  const args = parseArgs(
    argv,
    ['remask', 'no-symmetry', 'json', 'force', 'fingerprints', 'against-c'],
    [
      'cpus',
      'listeners',
      'limit',
      'policy',
      'conns',
      'depth',
      'hashes',
      'backlog',
      'masks',
      'mutant',
      'out',
      'max-states',
      'max-memory',
      'workers',
      'queue-memory',
      'c-mutant',
    ],
  );
  if (args.positional.length > 0)
    throw new UsageError(`explore takes no file: ${args.positional[0]}`);
  for (const need of ['cpus', 'listeners', 'limit', 'policy']) {
    if (!args.values.has(need)) throw new UsageError(`explore needs --${need}`);
  }
  const policy = policyOf(args.values.get('policy') ?? '');
  if (policy === null) throw new UsageError('--policy must be round-robin or fill-first');
  const masks = args.values.get('masks') ?? EXPLORE_DEFAULTS.masks;
  if (masks !== 'spread' && masks !== 'all') throw new UsageError('--masks must be spread or all');
  const depth = intOption(args, 'depth', 0, 1, 10_000);
  const workers = intOption(args, 'workers', 1, 1, 64);
  const cMutant = args.values.get('c-mutant') ?? null;
  if (cMutant !== null && !args.flags.has('against-c'))
    throw new UsageError('--c-mutant goes with --against-c');
  if (cMutant !== null && !C_MUTANTS.some((m) => m.name === cMutant))
    throw new UsageError(
      `no C mutant "${cMutant}"; they are ${C_MUTANTS.map((m) => m.name).join(', ')}`,
    );
  if (workers > 1 && !args.flags.has('fingerprints'))
    throw new UsageError('--workers needs --fingerprints: the threads share a fingerprint set');
  return {
    cfg: {
      cpus: intOption(args, 'cpus', 1, 1, 8),
      listeners: intOption(args, 'listeners', 1, 1, 8),
      limit: intOption(args, 'limit', 0, 0, 64),
      policy,
      conns: intOption(args, 'conns', EXPLORE_DEFAULTS.conns, 0, 8),
      masks,
      hashes: intOption(args, 'hashes', EXPLORE_DEFAULTS.hashes, 1, 8),
      backlog: intOption(args, 'backlog', EXPLORE_DEFAULTS.backlog, 1, 64),
      remask: args.flags.has('remask'),
    },
    symmetry: !args.flags.has('no-symmetry'),
    depth: depth === 0 ? null : depth,
    json: args.flags.has('json'),
    mutant: args.values.get('mutant') ?? null,
    out: args.values.get('out') ?? 'explore-out',
    force: args.flags.has('force'),
    maxStates: intOption(args, 'max-states', DEFAULT_MAX_STATES, 1, 1_000_000_000),
    maxMemoryMb: intOption(args, 'max-memory', defaultMaxMemoryMb(), 16, 1_000_000),
    fingerprints: args.flags.has('fingerprints'),
    workers,
    queueMb: intOption(args, 'queue-memory', 256, 1, 1_000_000),
    againstC: args.flags.has('against-c'),
    cMutant,
  };
}

/** `reuserps explore`: returns the exit status. */
export function exploreCommand(
  argv: readonly string[],
  out: (line: string) => void,
  progress: ((what: string) => void) | null,
): number {
  const a = exploreArgs(argv);
  let subject: ModelApi = model;
  let modelPath = require.resolve('../model');
  if (a.mutant !== null) {
    const m = MUTANTS.find((x) => x.name === a.mutant);
    if (m === undefined) throw new UsageError(`no mutant "${a.mutant}"; see reuserps mutants`);
    subject = loadMutant(m);
    modelPath = mutantPath(m);
  }
  const output = { option: '--out', force: a.force };
  checkOutputDir(a.out, output);
  const r = explore(a.cfg, subject, {
    symmetry: a.symmetry,
    maxDepth: a.depth,
    maxStates: a.maxStates,
    maxHeapBytes: a.maxMemoryMb * 2 ** 20,
    fingerprints: a.fingerprints,
    workers: a.workers,
    modelPath,
    queueBytes: a.queueMb * 2 ** 20,
    ...(progress === null
      ? {}
      : {
          progress: (n: number, d: number, sec: number) =>
            progress(`${n} states, depth ${d}, ${sec.toFixed(0)} s`),
        }),
  });
  const c = a.againstC && r.violation === null ? againstC(a, subject, r) : null;
  const broken = r.violation ?? cViolation(c);
  let written: string[] = [];
  let unwritten: OutputError | null = null;
  try {
    written = writeCounterexample(broken, a.out, output);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    unwritten = e;
  }
  if (a.json)
    out(
      JSON.stringify({ ...report(a.cfg, a.symmetry, r, written), againstC: cReport(c, written) }),
    );
  else for (const line of [...text(a.cfg, a.symmetry, r, written), ...cText(c, written)]) out(line);
  // The report stands even when its files could not be written.
  if (unwritten !== null) throw unwritten;
  if (r.stoppedBy !== null) {
    const limit =
      r.stoppedBy === 'maxStates' ? `--max-states ${a.maxStates}` : `--max-memory ${a.maxMemoryMb}`;
    process.stderr.write(
      `reuserps: explore stopped at ${r.distinct} states: ${limit} reached; the figures above are of a search not complete\n`,
    );
    return 2;
  }
  return broken !== null || r.stuck.length > 0 ? 1 : 0;
}

/** Every explored transition through the C core (or a C mutant of it). */
function againstC(
  a: ReturnType<typeof exploreArgs>,
  subject: ModelApi,
  r: ExploreResult,
): AgainstCResult {
  const mutant = C_MUTANTS.find((m) => m.name === a.cMutant) ?? null;
  return checkAgainstC(a.cfg, subject, r.tree, r.expanded, buildHarness(mutant));
}

/** A difference of the C core, as a violation whose run is written like one. */
function cViolation(c: AgainstCResult | null): ExploreViolation | null {
  const d = c?.difference;
  if (d == null) return null;
  return {
    property: 'the C core',
    reason: `${d.command}: the model expects "${d.expected}", the core printed "${d.got}"`,
    run: d.run,
  };
}

function cReport(c: AgainstCResult | null, written: string[]) {
  if (c === null) return null;
  return {
    transitions: c.transitions,
    commands: c.commands,
    seconds: Number(c.seconds.toFixed(3)),
    transitionsPerSecond: Math.round(c.transitions / c.seconds),
    difference:
      c.difference === null
        ? null
        : {
            command: c.difference.command,
            expected: c.difference.expected,
            got: c.difference.got,
            steps: c.difference.run.steps.length,
            files: written,
          },
  };
}

function cText(c: AgainstCResult | null, written: string[]): string[] {
  if (c === null) return [];
  const rate = `${c.transitions} transitions (${c.commands} driver commands) in ${c.seconds.toFixed(1)} s, ${Math.round(c.transitions / c.seconds)} a second`;
  const d = c.difference;
  if (d === null) return [`against the C core ${rate}: it answered as the model on every one`];
  return [
    `C CORE DIFFERS    after ${rate}`,
    `                  ${d.command}: the model expects "${d.expected}", the core printed "${d.got}"`,
    `shortest run      ${d.run.steps.length} steps, ${written.length === 0 ? 'not written' : `in ${written.join(' and ')}`}`,
  ];
}

/** Both files of a violation's shortest run, or neither; returns their paths. */
function writeCounterexample(
  v: ExploreViolation | null,
  dir: string,
  output: { option: string; force: boolean },
): string[] {
  if (v === null) return [];
  const { trace, vector } = counterexample(v.run, `Counterexample to ${v.property}: ${v.reason}`);
  writeOutputDir(
    dir,
    {
      'counterexample.trace.json': `${JSON.stringify(trace, null, 2)}\n`,
      ...(vector === null
        ? {}
        : { 'counterexample.vectors.json': `${JSON.stringify(vector, null, 2)}\n` }),
    },
    output,
  );
  const written = [join(dir, 'counterexample.trace.json')];
  if (vector !== null) written.push(join(dir, 'counterexample.vectors.json'));
  return written;
}

function report(cfg: ExploreConfig, symmetry: boolean, r: ExploreResult, written: string[]) {
  return {
    config: { ...cfg, policy: cfg.policy === 0 ? 'round-robin' : 'fill-first', symmetry },
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    seconds: Number(r.seconds.toFixed(3)),
    statesPerSecond: Math.round(r.distinct / r.seconds),
    fired: Object.fromEntries(r.fired),
    neverFired: r.neverFired,
    terminal: r.terminal,
    stuck: r.stuck.length,
    unchecked: r.unchecked,
    collisionProbability: r.collisionProbability,
    workers: r.workers,
    memory: r.memory,
    // Every thread's memory: the process's peak resident set, as the kernel counts it.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    violation:
      r.violation === null
        ? null
        : {
            property: r.violation.property,
            reason: r.violation.reason,
            steps: r.violation.run.steps.length,
            files: written,
          },
  };
}

function text(
  cfg: ExploreConfig,
  symmetry: boolean,
  r: ExploreResult,
  written: string[],
): string[] {
  const policy = cfg.policy === 0 ? 'round-robin' : 'fill-first';
  const lines = [
    `explore: ${cfg.cpus} CPUs x ${cfg.listeners} listeners, limit ${cfg.limit}, ${policy}, ` +
      `at most ${cfg.conns} connections, symmetry ${symmetry ? 'on' : 'off'}`,
    `distinct states   ${r.distinct}${r.complete ? '' : ' (search not complete)'}`,
    `states generated  ${r.generated}`,
    `depth             ${r.depth}`,
    `time              ${r.seconds.toFixed(2)} s`,
    `states per second ${Math.round(r.distinct / r.seconds)}${r.workers > 1 ? ` (${r.workers} worker threads)` : ''}`,
    `memory            ${memoryLine(r)}`,
    ...(r.collisionProbability === null
      ? []
      : [
          `fingerprints      64-bit, chance of a collision about ${r.collisionProbability.toExponential(1)}`,
        ]),
    `actions fired     ${[...r.fired]
      .filter(([, n]) => n > 0)
      .map(([a, n]) => `${a} ${n}`)
      .join(', ')}`,
  ];
  if (r.neverFired.length > 0) lines.push(`NEVER FIRED       ${r.neverFired.join(', ')}`);
  lines.push(
    `terminal states   ${r.terminal}, ${r.stuck.length === 0 ? 'none holds a connection' : 'SOME HOLD CONNECTIONS THAT CAN NEVER END'}`,
  );
  if (r.unchecked.length > 0)
    lines.push(`not checked       ${r.unchecked.join(', ')} (no monitor)`);
  if (r.violation === null) lines.push('every property holds in every state reached');
  else {
    lines.push(`VIOLATED          ${r.violation.property}: ${r.violation.reason}`);
    lines.push(
      `shortest run      ${r.violation.run.steps.length} steps, ${written.length === 0 ? 'not written' : `in ${written.join(' and ')}`}`,
    );
  }
  return lines;
}

/** What the search's structures took, a state. */
function memoryLine(r: ExploreResult): string {
  const m = r.memory;
  const per = (bytes: number): string => (bytes / Math.max(1, r.distinct)).toFixed(1);
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  return (
    `seen set ${mb(m.seenBytes)} MB, parents ${mb(m.nodeBytes)} MB, queue at most ${mb(m.queuePeakBytes)} MB in memory` +
    `${m.spilledBytes > 0 ? ` (${mb(m.spilledBytes)} MB spilled)` : ''}: ${per(structureBytes(m))} bytes a state`
  );
}
