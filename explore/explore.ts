import { collisionProbability, fingerprint, FingerprintSet } from './FingerprintSet';
import { getHeapStatistics } from 'node:v8';
import { ACTION_TYPES, type Action, type ActionType, type State } from '../model';
import {
  PROPERTIES,
  type Memory,
  type ModelApi,
  type Property,
  type Run,
  type Transition,
} from '../properties';
import { actionsOf, setUp, type ExploreConfig } from './Universe';
import { NodeTable } from './NodeTable';
import { stateKey } from './stateKey';

/** A property that a reachable state or transition breaks, with the shortest run to it. */
export interface ExploreViolation {
  readonly property: string;
  readonly reason: string;
  /** From the model's initial state: the set-up steps, then the explored ones. */
  readonly run: Run;
}

/** What an exploration found, and what it cost. */
export interface ExploreResult {
  /** Distinct states (under the key, so after symmetry reduction). */
  readonly distinct: number;
  /** Transitions computed: one per action tried in each distinct state. */
  readonly generated: number;
  /** The depth of the deepest state reached (breadth-first: the length of its shortest path). */
  readonly depth: number;
  /** False when `maxDepth` or a limit cut the search or a violation stopped it. */
  readonly complete: boolean;
  /** The limit that stopped the search before its end, or null. */
  readonly stoppedBy: 'maxStates' | 'maxHeapBytes' | null;
  /** How often each action succeeded. */
  readonly fired: ReadonlyMap<ActionType, number>;
  /** Actions that were tried but never succeeded. */
  readonly neverFired: readonly ActionType[];
  /** States from which no action leads anywhere else. */
  readonly terminal: number;
  /** Terminal states that still hold connections, which then can never end: a bug. */
  readonly stuck: readonly Run[];
  /** Properties with a run check but no monitor, which the explorer cannot check. */
  readonly unchecked: readonly string[];
  readonly violation: ExploreViolation | null;
  readonly seconds: number;
  /** With fingerprints: the estimated chance that two states shared one (else null). */
  readonly collisionProbability: number | null;
}

/** Options of one exploration. */
export interface ExploreOptions {
  readonly symmetry: boolean;
  /** Stop expanding below this depth (null: no bound). */
  readonly maxDepth: number | null;
  readonly properties?: readonly Property[];
  /**
   * Keep 64-bit fingerprints of the keys seen instead of the keys (lossy: two states may
   * share one, and the search would skip the second).
   */
  readonly fingerprints?: boolean;
  /** Stop when this many distinct states are stored (none: no bound). */
  readonly maxStates?: number;
  /** Stop when the JavaScript heap holds more than this (none: no bound), before V8 aborts. */
  readonly maxHeapBytes?: number;
  /** Called now and then with the figures so far. */
  readonly progress?: (distinct: number, depth: number, seconds: number) => void;
}

/**
 * Breadth-first search over every state the model's own step function reaches from the
 * configuration's initial state. Every property is checked: state properties once in each
 * distinct state, step properties on every transition, run properties through their
 * monitors, whose memory is part of the explored state. The first violation stops the
 * search; breadth-first order makes its run a shortest one.
 */
export function explore(cfg: ExploreConfig, model: ModelApi, opts: ExploreOptions): ExploreResult {
  const t0 = performance.now();
  const properties = opts.properties ?? PROPERTIES;
  const stateChecks = properties.filter((p) => p.state !== undefined);
  const stepChecks = properties.filter((p) => p.step !== undefined);
  const monitored = properties.filter((p) => p.monitor !== undefined);
  const unchecked = properties.filter((p) => p.run !== undefined && p.monitor === undefined);
  const setup = setUp(cfg, model);
  const actions = actionsOf(cfg);

  // Node i: its state, monitor memories and key until expanded (the BFS queue), and for
  // good its parent and the number of the action from it. Depths go level by level.
  const states: (State | undefined)[] = [setup.state];
  const memories: (readonly (readonly Memory[])[] | undefined)[] = [monitored.map(() => [])];
  const nodes = new NodeTable();
  nodes.add(-1, 0);
  let depth = 0;
  let levelEnd = 1;
  const keys: (string | undefined)[] = [stateKey(setup.state, memories[0] ?? [], opts.symmetry)];
  const seen = visited(opts.fingerprints === true);
  seen.add(keys[0] ?? '');
  const fired = new Map<ActionType, number>(ACTION_TYPES.map((a) => [a, 0]));
  let generated = 0;
  let terminal = 0;
  let complete = true;
  const stuck: Run[] = [];
  // A holder, as the closures below set it.
  const found: { violation: ExploreViolation | null } = { violation: null };
  const tried = new Set<ActionType>();

  // A shortest run to a node, rebuilt by replaying its action numbers.
  const runTo = (node: number, last?: Transition): Run => {
    const steps = [...setup.steps];
    let s = setup.state;
    for (const choice of nodes.pathTo(node)) {
      const action = actions(s)[choice];
      if (action === undefined)
        throw new Error(`explore: no action ${choice} on the replayed path`);
      const r = model.step(s, action);
      steps.push({ before: s, action, outcome: r.outcome, after: r.state });
      s = r.state;
    }
    if (last !== undefined) steps.push(last);
    return { config: { cpus: cfg.cpus }, initial: setup.steps[0]?.before ?? setup.state, steps };
  };
  const fail = (property: string, reason: string, node: number, last?: Transition): void => {
    found.violation ??= { property, reason, run: runTo(node, last) };
  };

  for (const p of stateChecks) {
    const reason = p.state?.(setup.state) ?? null;
    if (reason !== null) fail(p.name, reason, 0);
  }
  let lastReport = t0;
  let stoppedBy: ExploreResult['stoppedBy'] = null;
  for (let head = 0; head < states.length && found.violation === null; head++) {
    stoppedBy = overLimit(opts, states.length, head);
    if (stoppedBy !== null) break;
    const s = states[head] as State;
    const memory = memories[head] ?? [];
    const selfKey = keys[head] ?? '';
    states[head] = undefined;
    memories[head] = undefined;
    keys[head] = undefined;
    if (head === levelEnd) {
      depth++;
      levelEnd = states.length;
    }
    if (opts.maxDepth !== null && depth >= opts.maxDepth) {
      complete = false;
      continue;
    }
    let leaves = false;
    const choices = actions(s);
    for (let choice = 0; choice < choices.length; choice++) {
      const action = choices[choice] as Action;
      const { state: after, outcome } = model.step(s, action);
      generated++;
      tried.add(action.type);
      if (outcome.ok) fired.set(action.type, (fired.get(action.type) ?? 0) + 1);
      const t: Transition = { before: s, action, outcome, after };
      for (let i = 0; i < stepChecks.length; i++) {
        const p = stepChecks[i] as Property;
        const reason = p.step?.(t) ?? null;
        if (reason !== null) fail(p.name, reason, head, t);
      }
      const nextMemory: (readonly Memory[])[] = [];
      for (let i = 0; i < monitored.length; i++) {
        const p = monitored[i] as Property;
        const next = p.monitor?.next(memory[i] ?? [], t, model) ?? [];
        if (typeof next === 'string') fail(p.name, next, head, t);
        else nextMemory.push(next);
      }
      if (found.violation !== null) break;
      const key = after === s ? selfKey : stateKey(after, nextMemory, opts.symmetry);
      if (key !== selfKey) leaves = true;
      if (!seen.add(key)) continue;
      const node = nodes.add(head, choice);
      states.push(after);
      memories.push(nextMemory);
      keys.push(key);
      for (const p of stateChecks) {
        const reason = p.state?.(after) ?? null;
        if (reason !== null) fail(p.name, reason, node);
      }
      if (found.violation !== null) break;
    }
    if (!leaves && found.violation === null) {
      terminal++;
      if (s.conns.length > 0 && stuck.length < 3) stuck.push(runTo(head));
    }
    if (opts.progress !== undefined && performance.now() - lastReport > 1000) {
      lastReport = performance.now();
      opts.progress(states.length, depth, (lastReport - t0) / 1000);
    }
  }
  if (found.violation !== null || stoppedBy !== null) complete = false;
  return {
    distinct: states.length,
    generated,
    depth: states.length > levelEnd ? depth + 1 : depth,
    complete,
    stoppedBy,
    fired,
    neverFired: ACTION_TYPES.filter((a) => tried.has(a) && (fired.get(a) ?? 0) === 0),
    terminal,
    stuck,
    unchecked: unchecked.map((p) => p.name),
    violation: found.violation,
    seconds: (performance.now() - t0) / 1000,
    collisionProbability: opts.fingerprints === true ? collisionProbability(states.length) : null,
  };
}

/** The keys seen: the keys themselves, or their 64-bit fingerprints. */
function visited(fingerprints: boolean): { add: (key: string) => boolean } {
  if (fingerprints) {
    const set = new FingerprintSet();
    return { add: (key) => set.add(...fingerprint(key)) };
  }
  const set = new Set<string>();
  return {
    add: (key) => {
      const fresh = !set.has(key);
      set.add(key);
      return fresh;
    },
  };
}

/** The limit reached, if any; the heap is read every 1024 states, as reading it costs. */
function overLimit(opts: ExploreOptions, stored: number, head: number): ExploreResult['stoppedBy'] {
  if (opts.maxStates !== undefined && stored >= opts.maxStates) return 'maxStates';
  if (opts.maxHeapBytes === undefined || head % 1024 !== 0) return null;
  return getHeapStatistics().used_heap_size > opts.maxHeapBytes ? 'maxHeapBytes' : null;
}
