import { extname, join } from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type { BatchResult } from './Expander';
import type { ExploreConfig } from './Universe';
import { packageRoot } from '../suite/packageRoot';

/** A batch of packed states to expand, numbered for the order its result is merged in. */
export interface Task {
  readonly seq: number;
  /** The breadth-first level of its states. */
  readonly level: number;
  readonly data: Int32Array;
  readonly count: number;
  readonly firstNode: number;
}

/** What a worker is told once, when it starts. */
export interface WorkerSetup {
  readonly cfg: ExploreConfig;
  /** A module that exports the model's `initialState` and `step` (the model or a mutant). */
  readonly modelPath: string;
  /** The names of the properties to check, all from the shared list. */
  readonly properties: readonly string[];
  readonly symmetry: boolean;
  readonly seen: SharedArrayBuffer;
}

/** A message from a worker: a batch's result, or why it failed. */
export type WorkerReply =
  | { readonly seq: number; readonly result: BatchResult }
  | { readonly seq: number; readonly error: string };

/**
 * Worker threads that expand batches over a shared fingerprint set. The explorer stays
 * synchronous: it waits on a shared counter the workers raise with each reply, and takes
 * the replies off their ports with `receiveMessageOnPort`.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** Per worker, how many of its tasks are out. */
  private readonly load: number[] = [];
  private readonly busy = new Map<number, number>();
  private seenReplies = 0;

  constructor(count: number, setup: WorkerSetup) {
    const root = packageRoot(__dirname);
    const file = join(__dirname, `exploreWorker${extname(__filename)}`);
    // Under ts-node, or for a mutant (TypeScript), the worker compiles as the main thread does.
    const tsNode = `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(join(root, 'tsconfig.json'))} });`;
    const typescript = extname(__filename) === '.ts' || setup.modelPath.endsWith('.ts');
    const code = `${typescript ? tsNode : ''} require(${JSON.stringify(file)});`;
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(code, {
        eval: true,
        resourceLimits: { maxYoungGenerationSizeMb: 192 },
        workerData: { setup, port: port2, signal: this.signal },
        transferList: [port2],
      });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
      this.load.push(0);
    }
  }

  /** How many threads it has. */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * How many tasks it takes at once: two a worker, so that a worker has its next batch
   * while the explorer merges the last one.
   */
  get capacity(): number {
    return this.workers.length * 2;
  }

  /** How many tasks are out. */
  get inFlight(): number {
    return this.busy.size;
  }

  /** Sends a task to the worker with the fewest out; throws when all are at capacity. */
  submit(task: Task): void {
    let w = 0;
    for (let i = 1; i < this.load.length; i++) if ((this.load[i] ?? 0) < (this.load[w] ?? 0)) w = i;
    if ((this.load[w] ?? 0) >= 2) throw new Error('explore: every worker has two tasks');
    this.load[w] = (this.load[w] ?? 0) + 1;
    this.busy.set(task.seq, w);
    this.workers[w]?.postMessage({ task }, [task.data.buffer as ArrayBuffer]);
  }

  /** Waits for the next reply of a task that is out. */
  collect(): { seq: number; result: BatchResult } {
    for (;;) {
      for (let w = 0; w < this.ports.length; w++) {
        const port = this.ports[w] as MessagePort;
        const m = receiveMessageOnPort(port);
        if (m === undefined) continue;
        const reply = m.message as WorkerReply;
        this.busy.delete(reply.seq);
        this.load[w] = (this.load[w] ?? 1) - 1;
        if ('error' in reply) throw new Error(`explore: a worker failed: ${reply.error}`);
        return reply;
      }
      if (this.busy.size === 0) throw new Error('explore: waiting with no task out');
      Atomics.wait(this.signal, 0, this.seenReplies, 1000);
      this.seenReplies = Atomics.load(this.signal, 0);
    }
  }

  /** Gives every worker the grown seen set, to look into from its next batch on. */
  resize(seen: SharedArrayBuffer): void {
    for (const w of this.workers) w.postMessage({ seen });
  }

  /** Stops the workers. */
  close(): void {
    for (const port of this.ports) port.close();
    for (const w of this.workers) void w.terminate();
  }
}
