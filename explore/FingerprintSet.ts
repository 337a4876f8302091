/**
 * A set of 64-bit state fingerprints in two typed arrays with open addressing and linear
 * probing, as TLC and Stateright keep theirs: 8 bytes a slot, at most half full, so about
 * 16 bytes a state instead of a key string and a Map entry. The fingerprint 0 marks an
 * empty slot, so a key whose hash is 0 is stored as 1 (one more way to collide).
 */
export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.hi = new Uint32Array(slots);
    this.lo = new Uint32Array(slots);
  }

  /** How many fingerprints it holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes its arrays take. */
  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength;
  }

  /** Adds a fingerprint; true when it was not there yet. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    if (2 * (this.count + 1) > this.hi.length) this.grow();
    const added = FingerprintSet.insert(this.hi, this.lo, hi >>> 0, lo >>> 0);
    if (added) this.count++;
    return added;
  }

  private grow(): void {
    const hi = new Uint32Array(this.hi.length * 2);
    const lo = new Uint32Array(this.lo.length * 2);
    for (let i = 0; i < this.hi.length; i++) {
      const h = this.hi[i] ?? 0;
      const l = this.lo[i] ?? 0;
      if (h !== 0 || l !== 0) FingerprintSet.insert(hi, lo, h, l);
    }
    this.hi = hi;
    this.lo = lo;
  }

  /** Probes from the slot the low word picks; true when the fingerprint was stored there. */
  private static insert(hi: Uint32Array, lo: Uint32Array, h: number, l: number): boolean {
    const mask = hi.length - 1;
    for (let i = (Math.imul(l ^ h, 0x9e3779b1) >>> 0) & mask; ; i = (i + 1) & mask) {
      const sh = hi[i] ?? 0;
      const sl = lo[i] ?? 0;
      if (sh === 0 && sl === 0) {
        hi[i] = h;
        lo[i] = l;
        return true;
      }
      if (sh === h && sl === l) return false;
    }
  }
}

/**
 * A 64-bit fingerprint of a key, as two 32-bit words: two multiplicative string hashes
 * with different seeds, mixed at the end (cyrb53's construction, kept to 64 bits).
 */
export function fingerprint(key: string): [number, number] {
  const units: number[] = [];
  for (let i = 0; i < key.length; i++) units.push(key.charCodeAt(i));
  fingerprintUnits(units);
  return [FP[0] ?? 0, FP[1] ?? 0];
}

/** The two words of the last {@link fingerprintUnits}: no array is allocated per call. */
export const FP = new Uint32Array(2);

/** {@link fingerprint} of the string these UTF-16 units make, left in {@link FP}. */
export function fingerprintUnits(units: readonly number[]): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < units.length; i++) {
    const ch = units[i] ?? 0;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  FP[0] = h1;
  FP[1] = h2;
}

/**
 * The chance that some two of `n` distinct states got the same fingerprint, taking the
 * fingerprints as uniform on 64 bits: n(n-1)/2 / 2^64, TLC's "optimistic" estimate. A
 * collision would make the search skip a state, never report a false violation.
 */
export function collisionProbability(n: number): number {
  return Math.min(1, (n * (n - 1)) / 2 / 2 ** 64);
}
