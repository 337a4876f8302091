/*
 * A worker thread of the explorer: expands the batches it is sent over the shared seen
 * set, and replies on its port. It is started by WorkerPool, never imported.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PROPERTIES, type ModelApi } from '../properties';
import { Expander, type SeenSet } from './Expander';
import { FingerprintSet } from './FingerprintSet';
import { SharedFingerprintSet } from './SharedFingerprintSet';
import type { Task, WorkerReply, WorkerSetup } from './WorkerPool';

const { setup, port, signal } = workerData as {
  setup: WorkerSetup;
  port: MessagePort;
  signal: Int32Array;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require(setup.modelPath) as ModelApi;
const properties = setup.properties.map((name) => {
  const p = PROPERTIES.find((q) => q.name === name);
  if (p === undefined) throw new Error(`explore worker: no property ${name}`);
  return p;
});
let set = new SharedFingerprintSet(setup.seen);
// What this worker found in this level: found again, it is no new state for the explorer,
// which takes the first in queue order, and this worker's earlier batches come first.
let level = -1;
let mine = new FingerprintSet();
// A hint: the explorer adds what is new itself, in queue order.
const seen: SeenSet = { visit: (_units, hi, lo) => !set.has(hi, lo) && mine.add(hi, lo) };
const expander = new Expander(setup.cfg, model, properties, setup.symmetry, seen);

function reply(r: WorkerReply, transfer: ArrayBuffer[]): void {
  port.postMessage(r, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

parentPort?.on('message', (m: { task?: Task; seen?: SharedArrayBuffer }) => {
  if (m.seen !== undefined) {
    set = new SharedFingerprintSet(m.seen);
    return;
  }
  const task = m.task;
  if (task === undefined) return;
  if (task.level !== level) {
    level = task.level;
    mine = new FingerprintSet();
  }
  try {
    const result = expander.expand(task.data, task.count, task.firstNode);
    const transfer = [result.parents.buffer, result.choices.buffer, result.fingerprints.buffer];
    for (const c of result.chunks) transfer.push(c.data.buffer, c.starts.buffer);
    reply({ seq: task.seq, result }, transfer as ArrayBuffer[]);
  } catch (e) {
    reply({ seq: task.seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, []);
  }
});
