import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A run of packed states on the queue: `count` states, in one typed array or on disk. */
interface Chunk {
  readonly count: number;
  /** The breadth-first level of its states. */
  readonly level: number;
  readonly ints: number;
  data: Int32Array | null;
  /** Where it was written in the spill file, when it is not in memory. */
  offset: number;
}

/**
 * The breadth-first queue: chunks of packed states, first in first out. Past `bound`
 * bytes in memory, each chunk that comes in is written to a spill file instead, and read
 * back when its turn comes, as TLC keeps its queue on disk: the newest chunks are the
 * last needed, so they are the ones spilled.
 */
export class StateQueue {
  private readonly chunks: Chunk[] = [];
  private head = 0;
  private resident = 0;
  private spillDir: string | null = null;
  private fd = -1;
  private fileEnd = 0;
  /** The most bytes it held in memory at once. */
  peakResident = 0;
  /** Bytes written to disk in all. */
  spilled = 0;
  /** The spill file, once one was opened (it is removed by {@link close}). */
  spillFile: string | null = null;

  constructor(private readonly bound: number) {}

  /** How many states wait on it. */
  length = 0;

  /** Appends `count` states of one level packed in `data` (which the queue now owns). */
  push(data: Int32Array, count: number, level: number): void {
    if (count === 0) return;
    const chunk: Chunk = { count, level, ints: data.length, data, offset: -1 };
    if (this.resident + data.byteLength > this.bound) this.spill(chunk, data);
    else this.resident += data.byteLength;
    this.peakResident = Math.max(this.peakResident, this.resident);
    this.chunks.push(chunk);
    this.length += count;
  }

  /** The oldest chunk, taken off the queue, or null when it is empty. */
  shift(): { data: Int32Array; count: number; level: number } | null {
    const chunk = this.chunks[this.head];
    if (chunk === undefined) return null;
    this.chunks[this.head++] = { count: 0, level: 0, ints: 0, data: null, offset: -1 };
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
    this.length -= chunk.count;
    let data = chunk.data;
    if (data === null) data = this.readBack(chunk);
    else this.resident -= data.byteLength;
    return { data, count: chunk.count, level: chunk.level };
  }

  /** Removes its spill file. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    if (this.spillDir !== null) rmSync(this.spillDir, { recursive: true, force: true });
    this.fd = -1;
    this.spillDir = null;
  }

  private spill(chunk: Chunk, data: Int32Array): void {
    if (this.fd < 0) {
      this.spillDir = mkdtempSync(join(tmpdir(), 'reuserps-queue-'));
      this.spillFile = join(this.spillDir, 'queue');
      this.fd = openSync(this.spillFile, 'w+');
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let done = 0; done < bytes.length;)
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.fileEnd + done);
    chunk.offset = this.fileEnd;
    chunk.data = null;
    this.fileEnd += data.byteLength;
    this.spilled += data.byteLength;
  }

  private readBack(chunk: Chunk): Int32Array {
    const data = new Int32Array(chunk.ints);
    const bytes = new Uint8Array(data.buffer);
    for (let done = 0; done < bytes.length;) {
      const n = readSync(this.fd, bytes, done, bytes.length - done, chunk.offset + done);
      if (n === 0) throw new Error('explore: the queue spill file ended early');
      done += n;
    }
    return data;
  }
}
