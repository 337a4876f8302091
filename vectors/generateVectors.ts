import * as model from '../model';
import type { Action, Event, State } from '../model';
import type { ModelApi, Transition } from '../properties';
import { parseTrace } from '../trace/parseTrace';
import { runTrace, type Names } from '../trace/runTrace';
import type { Expect, TraceStep } from '../trace/TraceFile';
import { hashCandidates } from './hashCandidates';
import { fails, killTable, type GroupedTest } from './killTable';
import { prng, scenarios, VECTOR_CPUS, type Scenario } from './scenarios';
import { visibleMutants } from './visibleMutants';

/** One test: a trace whose every step carries what the model says it must return. */
export interface VectorTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: 'valid';
  readonly steps: readonly TraceStep[];
}

/** The whole vector file, in the style of Project Wycheproof. */
export interface VectorFile {
  readonly algorithm: 'SO_REUSERPS';
  readonly generatorVersion: string;
  readonly schema: 'vectors.schema.json';
  readonly seed: number;
  readonly numberOfTests: number;
  readonly header: readonly string[];
  readonly notes: Readonly<
    Record<string, { readonly bugType: string; readonly description: string }>
  >;
  readonly testGroups: readonly {
    readonly type: 'ReuserpsScenario';
    readonly cpus: number;
    readonly tcpMigrateReq: boolean;
    readonly tcpSyncookies?: boolean;
    readonly tests: readonly VectorTest[];
  }[];
}

/** What every flag of a test means. */
export const NOTES: VectorFile['notes'] = {
  RoundRobin: {
    bugType: 'FUNCTIONALITY',
    description: "Each CPU's row is served in turn from its own cursor.",
  },
  PerCpu: {
    bugType: 'FUNCTIONALITY',
    description: 'A SYN goes to a listener registered for the CPU that processed it.',
  },
  FillFirst: {
    bugType: 'FUNCTIONALITY',
    description: 'The first listener of the row below its limit takes the connection.',
  },
  Limit: {
    bugType: 'FUNCTIONALITY',
    description: 'A listener owns at most its limit of connections at once.',
  },
  LimitDrop: {
    bugType: 'FUNCTIONALITY',
    description:
      'A row whose listeners are all at their limit drops the SYN and never spills to another CPU.',
  },
  Fallback: {
    bugType: 'FUNCTIONALITY',
    description:
      "A CPU without listeners falls back to the kernel's keyed flow hash: only the set of candidates is certain.",
  },
  MigrateAtClose: {
    bugType: 'FUNCTIONALITY',
    description:
      "A closing listener's accept queue migrates at once by the policy of each child's CPU (the CPU of its last packet), spread over the row as successive SYNs would be.",
  },
  AckDropped: {
    bugType: 'FUNCTIONALITY',
    description:
      "An ACK whose listener's accept queue is full is dropped; a request of a closed listener then stays where it was, with its count, until an ACK finds room.",
  },
  Accept: {
    bugType: 'FUNCTIONALITY',
    description: 'accept() returns the oldest child of the accept queue.',
  },
  MigrateAtAck: {
    bugType: 'FUNCTIONALITY',
    description:
      "A request of a closed listener migrates when its ACK arrives, by the policy of the ACK's CPU.",
  },
  MigrateAtTimer: {
    bugType: 'FUNCTIONALITY',
    description:
      "A request of a closed listener migrates when its SYN-ACK timer fires, by the policy of the timer's CPU.",
  },
  Compaction: {
    bugType: 'FUNCTIONALITY',
    description:
      "A listener that leaves a row closes the gap in order, and the row's cursor keeps the turn it pointed at.",
  },
  InPlaceUpdate: {
    bugType: 'FUNCTIONALITY',
    description:
      "SO_REUSERPS set again on a listener moves it between rows at once, keeping the group's policy.",
  },
  QueueFull: {
    bugType: 'FUNCTIONALITY',
    description:
      'A SYN chosen for a listener whose accept queue is full is dropped, and its row keeps the turn.',
  },
  ConnClose: {
    bugType: 'FUNCTIONALITY',
    description: 'A connection that ends gives its place under the limit back.',
  },
  Shutdown: {
    bugType: 'FUNCTIONALITY',
    description:
      'shutdown() of a listener migrates its queue as close does; the socket may listen again and rejoins its rows at the end.',
  },
  Reset: {
    bugType: 'FUNCTIONALITY',
    description: 'A connection is reset only when no listener can take it.',
  },
  EmptyMask: { bugType: 'EDGE_CASE', description: 'An empty CPU mask is EINVAL.' },
  CpuOutOfRange: {
    bugType: 'EDGE_CASE',
    description: 'A CPU at or above the CPU count is EINVAL.',
  },
  UnknownPolicy: {
    bugType: 'EDGE_CASE',
    description: 'A policy code other than round-robin (0) and fill-first (1) is EINVAL.',
  },
  NotTcp: {
    bugType: 'EDGE_CASE',
    description: 'SO_REUSERPS on a socket that is not TCP is EOPNOTSUPP.',
  },
  NoReuseport: {
    bugType: 'EDGE_CASE',
    description: 'listen() with SO_REUSERPS but without SO_REUSEPORT is EINVAL.',
  },
  ModeMismatch: {
    bugType: 'EDGE_CASE',
    description:
      "A listener whose mode differs from the group's first listener fails listen() with EINVAL.",
  },
  PolicyMismatch: {
    bugType: 'EDGE_CASE',
    description:
      "A listener asking for another policy than the group's fails listen() with EINVAL.",
  },
  UidRejected: {
    bugType: 'SECURITY',
    description: 'A socket of another uid cannot bind a port a group holds (EADDRINUSE).',
  },
  RowFull: {
    bugType: 'EDGE_CASE',
    description: 'A 129th listener in one CPU row is ENOSPC, and nothing changes.',
  },
  Expire: {
    bugType: 'FUNCTIONALITY',
    description: 'A request that expires gives its place under the limit back.',
  },
  Counterexample: {
    bugType: 'FUNCTIONALITY',
    description:
      "A shortest run on which the explorer saw a variant of the model break a property; the expectations are the reference model's.",
  },
  GetOption: { bugType: 'FUNCTIONALITY', description: 'getsockopt returns what was set.' },
  BpfRefused: {
    bugType: 'EDGE_CASE',
    description:
      'A reuseport BPF program and SO_REUSERPS are refused on one socket (EBUSY), in either order.',
  },
  SynCookies: {
    bugType: 'FUNCTIONALITY',
    description:
      'Under SYN cookies a connection counts, and its row takes a turn, from the ACK that makes it.',
  },
};

/** Every outcome class the model can produce, which the vectors must each cover. */
export const OUTCOME_CLASSES = [
  'setsockopt:EINVAL:emptyMask',
  'setsockopt:EINVAL:cpuRange',
  'setsockopt:EINVAL:policy',
  'setsockopt:EOPNOTSUPP',
  'listen:ENOSPC',
  'listen:EINVAL',
  'bind:EADDRINUSE:uid',
  'policy:round-robin',
  'policy:fill-first',
  'drop:limit',
  'fallback',
  'migrate:close',
  'migrate:ack',
  'migrate:timer',
  'reset',
  'expire',
  'cookie',
  'cookie:ack',
  'setsockopt:EBUSY',
  'attach:EBUSY',
] as const;

/** How many more rounds of scenarios the generator draws for mutants no vector fails yet. */
const MAX_EXTRA_ROUNDS = 20;

/**
 * Generates the vector set of a seed: each scenario runs through the model, and every
 * step gets the model's result as its `expect` (an exact listener where the table decides,
 * the set of candidates where the keyed flow hash does). While some mutant of `mutants`
 * fails no vector, it draws further rounds of scenarios and keeps those that some
 * surviving mutant fails; it throws when one still survives after `MAX_EXTRA_ROUNDS`.
 * Returns the file, how often each outcome class occurs, and which tests each mutant
 * fails.
 */
export function generateVectors(
  seed: number,
  mutants: ReadonlyMap<string, ModelApi> = visibleMutants(),
): { file: VectorFile; coverage: Map<string, number>; kills: Map<string, number[]> } {
  const rng = prng(seed);
  const all = scenarios(rng).map((sc, i) => grouped(i + 1, sc));
  const kills = killTable(all, mutants);
  const survivors = () => [...kills].filter(([, ids]) => ids.length === 0).map(([n]) => n);
  for (let round = 0; round < MAX_EXTRA_ROUNDS && survivors().length > 0; round++) {
    for (const sc of scenarios(rng)) {
      const g = grouped(all.length + 1, sc);
      const killed = survivors().filter((n) => fails(mutants.get(n) as ModelApi, g));
      if (killed.length === 0) continue;
      all.push(g);
      for (const n of killed) kills.set(n, [g.test.tcId]);
    }
  }
  if (survivors().length > 0) {
    throw new Error(
      `seed ${seed}: no vector fails mutant ${survivors().join(', ')} after ${MAX_EXTRA_ROUNDS} more rounds of scenarios`,
    );
  }
  const coverage = new Map<string, number>(OUTCOME_CLASSES.map((c) => [c, 0]));
  for (const g of all) for (const c of g.classes) coverage.set(c, (coverage.get(c) ?? 0) + 1);
  const plain = all.filter((g) => !g.syncookies).map((g) => g.test);
  const cookies = all.filter((g) => g.syncookies).map((g) => g.test);
  return { file: vectorFile(seed, plain, VECTOR_CPUS, cookies), coverage, kills };
}

/** A scenario's vector test, with its group's settings and its outcome classes. */
function grouped(tcId: number, sc: Scenario): GroupedTest & { classes: string[] } {
  const { test, classes } = vectorTest(tcId, sc, VECTOR_CPUS);
  return { test, cpus: VECTOR_CPUS, syncookies: sc.syncookies === true, classes };
}

/**
 * One vector test from a scenario: the reference model runs it and every step gets what
 * the model returned as its `expect`. Also returns the outcome classes its steps show.
 * Throws if the reference model breaks a property on it.
 */
export function vectorTest(
  tcId: number,
  sc: Scenario,
  cpus: number,
): { test: VectorTest; classes: string[] } {
  const trace = parseTrace(
    JSON.stringify({ cpus, tcpSyncookies: sc.syncookies === true, steps: sc.steps }),
    `scenario ${tcId}`,
  );
  const r = runTrace(trace, model);
  if (r.violation !== null) throw new Error(`scenario ${tcId} breaks ${r.violation.property}`);
  const classes: string[] = [];
  const steps = sc.steps.map((st, k) => {
    const t = r.run.steps[k] as Transition;
    classes.push(...classify(t));
    return { ...st, expect: expectOf(t, r.names) };
  });
  const test = { tcId, comment: sc.comment, flags: sc.flags, result: 'valid' as const, steps };
  return { test, classes };
}

/** A vector file around some tests, and those that run under SYN cookies in a group of their own. */
export function vectorFile(
  seed: number,
  tests: readonly VectorTest[],
  cpus: number,
  cookieTests: readonly VectorTest[] = [],
): VectorFile {
  const cookies =
    cookieTests.length === 0
      ? []
      : [
          {
            type: 'ReuserpsScenario' as const,
            cpus,
            tcpMigrateReq: false,
            tcpSyncookies: true,
            tests: cookieTests,
          },
        ];
  return {
    algorithm: 'SO_REUSERPS',
    generatorVersion: '0.3.0',
    schema: 'vectors.schema.json',
    seed,
    numberOfTests: tests.length + cookieTests.length,
    header: [
      'Test vectors of SO_REUSERPS, generated from the reuserps reference model.',
      'Each test is a trace (see trace.schema.json) whose steps say what they must return.',
      "Where the kernel's keyed flow hash decides, a step names the set of acceptable listeners.",
    ],
    notes: NOTES,
    testGroups: [{ type: 'ReuserpsScenario', cpus, tcpMigrateReq: false, tests }, ...cookies],
  };
}

/** The outcome classes one step shows. */
function classify({ before, action, outcome }: Transition): string[] {
  if (!outcome.ok) return [errnoClass(before, action, outcome.errno)];
  const out: string[] = [];
  for (const e of outcome.events) {
    const table = tableOf(before, e);
    if (e.kind === 'placed' && e.via === 'row' && table !== null) {
      out.push(
        table.policy === model.POLICY_FILL_FIRST ? 'policy:fill-first' : 'policy:round-robin',
      );
    }
    if (e.kind === 'placed' && e.via === 'hash' && table !== null) out.push('fallback');
    if (e.kind === 'dropped' && e.reason === 'limit') out.push('drop:limit');
    if (e.kind === 'cookieSent') out.push('cookie');
    if (e.kind === 'placed' && action.type === 'ackArrive') out.push('cookie:ack');
    if (e.kind === 'migrated') out.push(`migrate:${e.at}`);
    if (e.kind === 'reset') out.push('reset');
    if (e.kind === 'ended' && e.how === 'expired') out.push('expire');
  }
  return out;
}

function errnoClass(s: State, a: Action, errno: string): string {
  if (a.type === 'socketSetReuserps' && errno === 'EINVAL') {
    if (a.opt.mask.length === 0) return 'setsockopt:EINVAL:emptyMask';
    if (a.opt.mask.some((c) => c >= s.cpus)) return 'setsockopt:EINVAL:cpuRange';
    if (a.opt.policy > 1) return 'setsockopt:EINVAL:policy';
  }
  if (a.type === 'socketBind' && errno === 'EADDRINUSE') {
    const uid = s.sockets[a.sock]?.uid;
    if (s.sockets.some((o) => o.phase !== 'closed' && o.port === a.port && o.uid !== uid))
      return 'bind:EADDRINUSE:uid';
  }
  const verb =
    a.type === 'socketSetReuserps'
      ? 'setsockopt'
      : a.type === 'socketListen'
        ? 'listen'
        : a.type === 'socketAttachProg'
          ? 'attach'
          : a.type;
  return `${verb}:${errno}`;
}

/** The table of the group an event's listener belongs to, in state `s`. */
function tableOf(s: State, e: Event): model.Table | null {
  if (e.kind !== 'placed') return null;
  return s.groups.find((g) => g.members.includes(e.listener))?.table ?? null;
}

/** What a step must return, from what the model returned. */
function expectOf({ before, outcome }: Transition, names: Names): Expect {
  if (!outcome.ok) return { errno: outcome.errno };
  const x: { -readonly [K in keyof Expect]: Expect[K] } = {};
  for (const e of outcome.events) {
    if (e.kind === 'placed') {
      if (e.via === 'hash') {
        x.listenerOneOf = hashCandidates(before, e.listener).map((id) => names.sockName(id));
      } else x.listener = names.sockName(e.listener);
    } else if (e.kind === 'dropped') x.dropped = e.reason;
    else if (e.kind === 'established') x.listener = names.sockName(e.listener);
    else if (e.kind === 'accepted') {
      x.listener = names.sockName(e.listener);
      if (!names.connName(e.conn).startsWith('#')) x.accepted = names.connName(e.conn);
    } else if (
      e.kind === 'migrated' &&
      e.via === 'row' &&
      !names.connName(e.conn).startsWith('#')
    ) {
      x.migrated = { ...(x.migrated ?? {}), [names.connName(e.conn)]: names.sockName(e.to) };
    } else if (e.kind === 'reset' && !names.connName(e.conn).startsWith('#')) {
      x.reset = [...(x.reset ?? []), names.connName(e.conn)];
    }
  }
  return Object.keys(x).length === 0 ? { ok: true } : x;
}
