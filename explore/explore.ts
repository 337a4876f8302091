import { getHeapStatistics } from 'node:v8';
import { ACTION_TYPES, type ActionType, type State } from '../model';
import { PROPERTIES, type ModelApi, type Property, type Run, type Transition } from '../properties';
import {
  Expander,
  type BatchResult,
  type NodeViolation,
  type PackedChunk,
  type SeenSet,
  type TransitionObserver,
} from './Expander';
import { collisionProbability, FP, fingerprintUnits } from './FingerprintSet';
import { NodeTable } from './NodeTable';
import { PackWriter, packState } from './packState';
import { SharedFingerprintSet } from './SharedFingerprintSet';
import { StateQueue } from './StateQueue';
import { replayPath } from './replayPath';
import { keyUnits } from './stateKey';
import { setUp, type ExploreConfig } from './Universe';
import { WorkerPool, type Task } from './WorkerPool';

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
  /** The threads that expanded states. */
  readonly workers: number;
  /** Each state's parent and action number, by node number (breadth-first order). */
  readonly tree: NodeTable;
  /** How many states were expanded: nodes 0 to this one less. */
  readonly expanded: number;
  /** What the search's own structures took. */
  readonly memory: ExploreMemory;
}

/** The bytes an exploration's structures took (their arrays, not the process). */
export interface ExploreMemory {
  /** The seen set at the end (fingerprints: its buffer; keys: an estimate). */
  readonly seenBytes: number;
  /** The parent and action number of every state. */
  readonly nodeBytes: number;
  /** The most packed states held in memory on the queue at once. */
  readonly queuePeakBytes: number;
  /** Packed states written to the spill file. */
  readonly spilledBytes: number;
  /** Where that file was (it is removed at the end), or null. */
  readonly spillFile: string | null;
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
  /** Worker threads that expand each level's batches (default 1: this thread alone). */
  readonly workers?: number;
  /** With workers: a module that exports the same model as `model`, for them to load. */
  readonly modelPath?: string;
  /** Bytes of packed states the queue keeps in memory before it spills to disk. */
  readonly queueBytes?: number;
  /**
   * Sees every transition this thread expands, with the monitors' memories before it: the
   * bench records them to time the model and the properties alone over the same work.
   */
  readonly observe?: TransitionObserver;
  /** Called now and then with the figures so far. */
  readonly progress?: (distinct: number, depth: number, seconds: number) => void;
}

/**
 * Breadth-first search over every state the model's own step function reaches from the
 * configuration's initial state, level by level. Every property is checked: state
 * properties once in each distinct state, step properties on every transition, run
 * properties through their monitors, whose memory is part of the explored state. The
 * first violation stops the search; breadth-first order makes its run a shortest one.
 *
 * States wait on the queue packed (and spilled to disk past a bound); what stays for
 * good is each state's key (or fingerprint) and its parent and action number, from which
 * a run is rebuilt by replaying the model. With `workers`, worker threads expand the
 * batches of a level over one shared fingerprint set; batches are merged in queue order,
 * so states are numbered as one thread would, whichever thread saw a state first.
 */
export function explore(cfg: ExploreConfig, model: ModelApi, opts: ExploreOptions): ExploreResult {
  const t0 = performance.now();
  const properties = opts.properties ?? PROPERTIES;
  const setup = setUp(cfg, model);
  let pool: WorkerPool | null = null;
  const seen = seenSet(opts, (buffer) => pool?.resize(buffer));
  pool = workerPool(cfg, properties, opts, seen.shared);
  const local = new Expander(cfg, model, properties, opts.symmetry, seen, opts.observe ?? null);
  const memories = local.initialMemories();
  const first = new PackWriter();
  packState(setup.state, memories, first);
  const units = keyUnits(setup.state, memories, opts.symmetry);
  fingerprintUnits(units);
  seen.visit(units, FP[0] ?? 0, FP[1] ?? 0);
  const search = new Search(cfg, model, setup, opts, local, pool, seen);
  const bad = local.checkState(setup.state);
  if (bad !== null) search.violation = { ...bad, node: 0, choice: null };
  else search.run(first.take());
  pool?.close();
  search.queue.close();
  const tried = new Set(ACTION_TYPES.filter((_, i) => (search.tried[i] ?? 0) > 0));
  const fired = new Map(ACTION_TYPES.map((a, i) => [a, search.fired[i] ?? 0]));
  const distinct = search.nodes.size;
  return {
    distinct,
    generated: search.generated,
    depth: search.depth,
    complete: search.complete && search.violation === null && search.stoppedBy === null,
    stoppedBy: search.stoppedBy,
    fired,
    neverFired: ACTION_TYPES.filter((a) => tried.has(a) && (fired.get(a) ?? 0) === 0),
    terminal: search.terminal,
    stuck: search.stuck.map((node) => search.runTo(node, null)),
    unchecked: properties
      .filter((p) => p.run !== undefined && p.monitor === undefined)
      .map((p) => p.name),
    violation:
      search.violation === null
        ? null
        : {
            property: search.violation.property,
            reason: search.violation.reason,
            run: search.runTo(search.violation.node, search.violation.choice),
          },
    seconds: (performance.now() - t0) / 1000,
    collisionProbability: opts.fingerprints === true ? collisionProbability(distinct) : null,
    workers: pool?.threads ?? 1,
    tree: search.nodes,
    expanded: search.expanded,
    memory: {
      seenBytes: seen.bytes(),
      nodeBytes: search.nodes.bytes,
      queuePeakBytes: search.queue.peakResident,
      spilledBytes: search.queue.spilled,
      spillFile: search.queue.spillFile,
    },
  };
}

/** What the search's structures took at most: the seen set, the parents, the queue's peak. */
export function structureBytes(m: ExploreMemory): number {
  return m.seenBytes + m.nodeBytes + m.queuePeakBytes;
}

/** A batch on its way: sent out (or still to send), and its result once back. */
interface Pending {
  readonly task: Task;
  result: BatchResult | null;
}

/** The state of one breadth-first search, between its levels and batches. */
class Search {
  readonly nodes = new NodeTable();
  readonly queue: StateQueue;
  readonly tried = ACTION_TYPES.map(() => 0);
  readonly fired = ACTION_TYPES.map(() => 0);
  readonly stuck: number[] = [];
  generated = 0;
  terminal = 0;
  expanded = 0;
  depth = 0;
  complete = true;
  stoppedBy: ExploreResult['stoppedBy'] = null;
  violation: NodeViolation | null = null;
  private seq = 0;
  private nextNode = 0;
  private lastReport: number;
  private readonly t0 = performance.now();

  constructor(
    private readonly cfg: ExploreConfig,
    private readonly model: ModelApi,
    private readonly setup: { steps: Transition[]; state: State },
    private readonly opts: ExploreOptions,
    private readonly local: Expander,
    private readonly pool: WorkerPool | null,
    private readonly seen: Seen,
  ) {
    this.queue = new StateQueue(opts.queueBytes ?? DEFAULT_QUEUE_BYTES);
    this.lastReport = this.t0;
  }

  /**
   * Explores from the packed initial state to the end or a stop. Batches go out in queue
   * order, which is breadth-first order, and their results are merged in that order, so
   * a worker may start on the next level while the last batches of this one are out.
   */
  run(initial: Int32Array): void {
    this.nodes.add(-1, 0);
    this.queue.push(initial, 1, 0);
    const pending: Pending[] = [];
    // Results wait to be merged in order: up to two batches a worker are out, two more wait.
    const window = this.pool === null ? 1 : this.pool.capacity * 2;
    for (;;) {
      const stopped = this.violation !== null || this.stoppedBy !== null;
      while (!stopped && this.canSend() && pending.length < window) {
        const chunk = this.queue.shift();
        if (chunk === null) break;
        const task = {
          seq: this.seq++,
          level: chunk.level,
          data: chunk.data,
          count: chunk.count,
          firstNode: this.nextNode,
        };
        this.nextNode += chunk.count;
        if (this.opts.maxDepth !== null && chunk.level >= this.opts.maxDepth) {
          this.complete = false;
          continue;
        }
        const p: Pending = { task, result: null };
        pending.push(p);
        this.send(p);
      }
      if (stopped || pending.length === 0) return;
      if (pending[0]?.result === null) this.receive(pending);
      while (pending[0]?.result != null && this.violation === null && this.stoppedBy === null) {
        this.merge(pending[0].result, pending[0].task);
        pending.shift();
      }
    }
  }

  /** Whether a batch can be sent now: to an idle worker, or run here. */
  private canSend(): boolean {
    return this.pool === null || this.pool.inFlight < this.pool.capacity;
  }

  private send(p: Pending): void {
    if (this.pool !== null) this.pool.submit(p.task);
    else p.result = this.local.expand(p.task.data, p.task.count, p.task.firstNode);
  }

  private receive(pending: Pending[]): void {
    if (this.pool === null) return;
    const { seq, result } = this.pool.collect();
    const p = pending.find((q) => q.task.seq === seq);
    if (p !== undefined) p.result = result;
  }

  /**
   * Takes a batch's result in: new nodes onto the queue, counts, a violation. A worker's
   * new states are new only to what it saw: they are added to the seen set here, in queue
   * order, so that the first in that order stays, as in one thread.
   */
  private merge(r: BatchResult, task: Task): void {
    this.expanded += task.count;
    if (r.parents.length > 0) this.depth = Math.max(this.depth, task.level + 1);
    let n = 0;
    for (const c of r.chunks) {
      const keep: number[] = [];
      for (let j = 0; j < c.starts.length; j++, n++) {
        if (
          this.pool !== null &&
          !this.seen.add(r.fingerprints[2 * n] ?? 0, r.fingerprints[2 * n + 1] ?? 0)
        )
          continue;
        this.nodes.add(r.parents[n] ?? 0, r.choices[n] ?? 0);
        keep.push(j);
      }
      this.queue.push(
        keep.length === c.starts.length ? c.data : kept(c, keep),
        keep.length,
        task.level + 1,
      );
    }
    this.generated += r.generated;
    this.terminal += r.terminal;
    for (let i = 0; i < this.tried.length; i++) {
      this.tried[i] = (this.tried[i] ?? 0) + (r.tried[i] ?? 0);
      this.fired[i] = (this.fired[i] ?? 0) + (r.fired[i] ?? 0);
    }
    for (const node of r.stuck) if (this.stuck.length < 3) this.stuck.push(node);
    if (r.violation !== null) this.violation = r.violation;
    this.stoppedBy = overLimit(this.opts, this.nodes.size);
    const now = performance.now();
    if (this.opts.progress !== undefined && now - this.lastReport > 1000) {
      this.lastReport = now;
      this.opts.progress(this.nodes.size, this.depth + 1, (now - this.t0) / 1000);
    }
  }

  /** A shortest run to a node, and on by action `choice` if not null, rebuilt by replaying. */
  runTo(node: number, choice: number | null): Run {
    return replayPath(this.cfg, this.model, this.setup, this.nodes, node, choice);
  }
}

/** How many bytes of packed states the queue keeps in memory before it spills to disk. */
const DEFAULT_QUEUE_BYTES = 256 * 2 ** 20;

/** The seen set, as this thread's expander and the search use it. */
interface Seen extends SeenSet {
  /** The buffer workers look into, or null. */
  readonly shared: SharedArrayBuffer | null;
  /** Adds a fingerprint a worker found; true when it is new. */
  add(hi: number, lo: number): boolean;
  bytes(): number;
}

/**
 * The keys seen: the keys themselves, or their 64-bit fingerprints in a shared set that
 * grows at three quarters full and is then handed to the workers again.
 */
function seenSet(opts: ExploreOptions, onGrow: (buffer: SharedArrayBuffer) => void): Seen {
  if (opts.fingerprints === true) {
    let set = new SharedFingerprintSet(1 << 16);
    const add = (hi: number, lo: number): boolean => {
      if (set.full) {
        set = set.grown();
        onGrow(set.buffer);
      }
      return set.add(hi, lo);
    };
    return {
      get shared() {
        return set.buffer;
      },
      visit: (_units, hi, lo) => add(hi, lo),
      add,
      bytes: () => set.bytes,
    };
  }
  if ((opts.workers ?? 1) > 1) throw new RangeError('explore: several workers need fingerprints');
  const set = new Set<string>();
  let chars = 0;
  return {
    shared: null,
    visit(units) {
      const key = String.fromCharCode.apply(null, units as number[]);
      if (set.has(key)) return false;
      set.add(key);
      chars += key.length;
      return true;
    },
    add: () => {
      throw new Error('explore: exact keys are not shared with workers');
    },
    // A rough figure: two bytes a unit, and a Set entry with its string header.
    bytes: () => chars * 2 + set.size * 48,
  };
}

/** The states of chunk `c` at positions `keep`, packed in a new array. */
function kept(c: PackedChunk, keep: readonly number[]): Int32Array {
  const end = (j: number): number => c.starts[j + 1] ?? c.data.length;
  let length = 0;
  for (const j of keep) length += end(j) - (c.starts[j] ?? 0);
  const out = new Int32Array(length);
  let at = 0;
  for (const j of keep) {
    out.set(c.data.subarray(c.starts[j] ?? 0, end(j)), at);
    at += end(j) - (c.starts[j] ?? 0);
  }
  return out;
}

/** The limit reached, if any (read after every batch). */
function overLimit(opts: ExploreOptions, stored: number): ExploreResult['stoppedBy'] {
  if (opts.maxStates !== undefined && stored >= opts.maxStates) return 'maxStates';
  if (opts.maxHeapBytes === undefined) return null;
  return getHeapStatistics().used_heap_size > opts.maxHeapBytes ? 'maxHeapBytes' : null;
}

/** The worker threads the options ask for, or null for none. */
function workerPool(
  cfg: ExploreConfig,
  properties: readonly Property[],
  opts: ExploreOptions,
  seen: SharedArrayBuffer | null,
): WorkerPool | null {
  const count = opts.workers ?? 1;
  if (count <= 1) return null;
  if (opts.modelPath === undefined || seen === null)
    throw new RangeError('explore: workers need the path of the model module, and fingerprints');
  for (const p of properties) {
    if (!PROPERTIES.includes(p))
      throw new RangeError(`explore: property ${p.name} is not in the shared list`);
  }
  return new WorkerPool(count, {
    cfg,
    modelPath: opts.modelPath,
    properties: properties.map((p) => p.name),
    symmetry: opts.symmetry,
    seen,
  });
}
