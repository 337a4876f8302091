import { join } from 'node:path';
import * as model from '../model';
import { counterexample } from '../explore/counterexample';
import { explore, type ExploreResult } from '../explore/explore';
import { EXPLORE_DEFAULTS, policyOf, type ExploreConfig } from '../explore/Universe';
import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import type { ModelApi } from '../properties';
import { writeDirAtomic } from '../suite/writeDirAtomic';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps explore`. */
export const EXPLORE_USAGE = `reuserps explore --cpus C --listeners L --limit K --policy round-robin|fill-first
                 [--conns N] [--depth D] [--hashes H] [--backlog B] [--masks spread|all]
                 [--remask] [--no-symmetry] [--mutant NAME] [--out DIR] [--json]
  Visits every state the model reaches from L bound listeners (and one socket of
  another uid) with at most N live connections, breadth-first, checking every property
  in every state and on every transition. Reports distinct states, states generated,
  depth, how often each action fired, time and states per second. A broken property
  gives its shortest run in DIR (default explore-out): counterexample.trace.json for
  reuserps run, and counterexample.vectors.json.
  Exit status: 0 all held, 1 a property broke or a state is stuck, 2 bad input.`;

/** The configuration and options a command line asks for. */
export function exploreArgs(argv: readonly string[]): {
  cfg: ExploreConfig;
  symmetry: boolean;
  depth: number | null;
  json: boolean;
  mutant: string | null;
  out: string;
} {
  const args = parseArgs(
    argv,
    ['remask', 'no-symmetry', 'json'],
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
  if (a.mutant !== null) {
    const m = MUTANTS.find((x) => x.name === a.mutant);
    if (m === undefined) throw new UsageError(`no mutant "${a.mutant}"; see reuserps mutants`);
    subject = loadMutant(m);
  }
  const r = explore(a.cfg, subject, {
    symmetry: a.symmetry,
    maxDepth: a.depth,
    ...(progress === null
      ? {}
      : {
          progress: (n: number, d: number, sec: number) =>
            progress(`${n} states, depth ${d}, ${sec.toFixed(0)} s`),
        }),
  });
  let written: string[] = [];
  if (r.violation !== null) {
    const v = r.violation;
    const { trace, vector } = counterexample(v.run, `Counterexample to ${v.property}: ${v.reason}`);
    // Both files or neither.
    writeDirAtomic(a.out, {
      'counterexample.trace.json': `${JSON.stringify(trace, null, 2)}\n`,
      ...(vector === null
        ? {}
        : { 'counterexample.vectors.json': `${JSON.stringify(vector, null, 2)}\n` }),
    });
    written = [join(a.out, 'counterexample.trace.json')];
    if (vector !== null) written.push(join(a.out, 'counterexample.vectors.json'));
  }
  if (a.json) out(JSON.stringify(report(a.cfg, a.symmetry, r, written)));
  else for (const line of text(a.cfg, a.symmetry, r, written)) out(line);
  return r.violation !== null || r.stuck.length > 0 ? 1 : 0;
}

function report(cfg: ExploreConfig, symmetry: boolean, r: ExploreResult, written: string[]) {
  return {
    config: { ...cfg, policy: cfg.policy === 0 ? 'round-robin' : 'fill-first', symmetry },
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    complete: r.complete,
    seconds: Number(r.seconds.toFixed(3)),
    statesPerSecond: Math.round(r.distinct / r.seconds),
    fired: Object.fromEntries(r.fired),
    neverFired: r.neverFired,
    terminal: r.terminal,
    stuck: r.stuck.length,
    unchecked: r.unchecked,
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
    `states per second ${Math.round(r.distinct / r.seconds)}`,
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
      `shortest run      ${r.violation.run.steps.length} steps, in ${written.join(' and ')}`,
    );
  }
  return lines;
}
