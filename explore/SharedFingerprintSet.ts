/**
 * A set of 64-bit fingerprints that one thread adds to while worker threads look into it:
 * open addressing with linear probing in one SharedArrayBuffer, two 32-bit words a slot.
 * The writer stores a slot's low word before its high word, and readers load the high word
 * first (both atomically), so a reader never sees half a fingerprint as a whole one; it
 * may miss one being stored, which only costs the writer a duplicate to drop. Neither word
 * is ever 0 (0 marks an empty slot), so a fingerprint with a zero word is stored with a 1
 * there: one more way to collide, one in 2^32 of them. At three quarters full the writer
 * moves to a set twice the size; readers of the old one get answers that are only staler.
 */
export class SharedFingerprintSet {
  readonly buffer: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly mask: number;
  private count = 0;

  /** A new set of `slots` slots (a power of two), or a reader over a writer's buffer. */
  constructor(slotsOrBuffer: number | SharedArrayBuffer) {
    this.buffer =
      typeof slotsOrBuffer === 'number' ? new SharedArrayBuffer(slotsOrBuffer * 8) : slotsOrBuffer;
    this.words = new Int32Array(this.buffer);
    const slots = this.words.length / 2;
    if (!Number.isInteger(Math.log2(slots))) throw new RangeError(`${slots} slots: not 2^k`);
    this.mask = slots - 1;
  }

  /** How many fingerprints the writer added. */
  get size(): number {
    return this.count;
  }

  /** How many slots it has. */
  get slots(): number {
    return this.mask + 1;
  }

  /** The bytes its buffer takes. */
  get bytes(): number {
    return this.buffer.byteLength;
  }

  /** Whether adding one more would take it past three quarters full. */
  get full(): boolean {
    return (this.count + 1) * 4 > this.slots * 3;
  }

  /** Whether the fingerprint is there (a reader may miss one being stored). */
  has(hi: number, lo: number): boolean {
    const h = hi | 0 || 1;
    const l = lo | 0 || 1;
    const w = this.words;
    for (let i = (Math.imul(l ^ h, 0x9e3779b1) >>> 0) & this.mask; ; i = (i + 1) & this.mask) {
      const sh = Atomics.load(w, i * 2);
      if (sh === 0) return false;
      if (sh === h && Atomics.load(w, i * 2 + 1) === l) return true;
    }
  }

  /** Adds a fingerprint (the writer only; it must not be full); true when it was new. */
  add(hi: number, lo: number): boolean {
    const h = hi | 0 || 1;
    const l = lo | 0 || 1;
    const w = this.words;
    for (let i = (Math.imul(l ^ h, 0x9e3779b1) >>> 0) & this.mask; ; i = (i + 1) & this.mask) {
      const sh = w[i * 2] ?? 0;
      if (sh === 0) {
        Atomics.store(w, i * 2 + 1, l);
        Atomics.store(w, i * 2, h);
        this.count++;
        return true;
      }
      if (sh === h && w[i * 2 + 1] === l) return false;
    }
  }

  /** A set with twice the slots and the same fingerprints, for the writer to go on with. */
  grown(): SharedFingerprintSet {
    const next = new SharedFingerprintSet(this.slots * 2);
    const w = this.words;
    for (let i = 0; i < w.length; i += 2) {
      const h = w[i] ?? 0;
      if (h !== 0) next.add(h, w[i + 1] ?? 0);
    }
    return next;
  }
}
