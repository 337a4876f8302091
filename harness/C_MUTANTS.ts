/**
 * Broken variants of the patch's C core, each a one-place edit of net/core/sock_reuserps.c
 * as the series has it, matching a model mutant of the same idea. The differential test
 * must tell each from the model.
 */
export interface CMutant {
  /** A short name. */
  readonly name: string;
  /** The model mutant it mirrors (mutants/MUTANTS.ts). */
  readonly mirrors: string;
  /** The text replaced; it must occur exactly once in the core. */
  readonly find: string;
  /** What replaces it. */
  readonly replace: string;
  /** Random runs the differential test may take to tell it apart (default 5000). */
  readonly runs?: number;
  /**
   * The explored configuration (explore/MUTANT_CONFIGS.ts) in whose transitions
   * `explore --against-c` must tell it apart; by default, that of the model mutant it mirrors.
   */
  readonly exploredIn?: string;
}

/** Every C mutant. */
export const C_MUTANTS: readonly CMutant[] = [
  {
    name: 'cSwapWithLast',
    mirrors: 'swapWithLast',
    find: '\tfor (i = at; i < len; i++)\n\t\tWRITE_ONCE(row->socks[i], row->socks[i + 1]);',
    replace: '\tWRITE_ONCE(row->socks[at], row->socks[len]);',
  },
  {
    name: 'cCursorNotCompacted',
    mirrors: 'cursorNotCompacted',
    find: 'reuserps_cursor_after(READ_ONCE(row->cursor), at, len));',
    replace: 'READ_ONCE(row->cursor) + 0 * reuserps_cursor_after(0, at, 0));',
  },
  {
    name: 'cCursorStuck',
    mirrors: 'cursorStuck',
    find: 'WRITE_ONCE(row->cursor, reuserps_next(at, len));',
    replace: 'WRITE_ONCE(row->cursor, at);',
  },
  {
    name: 'cUnchargeKeepsCount',
    mirrors: 'expiryKeepsCount',
    find: 'int count = atomic_dec_return(&m->count);',
    replace: 'int count = atomic_read(&m->count) - 1;',
  },
  {
    name: 'cLimitInclusive',
    mirrors: 'limitInclusive',
    find: 'return !limit || (u32)atomic_read(&m->count) < limit;',
    replace: 'return !limit || (u32)atomic_read(&m->count) <= limit;',
  },
  {
    name: 'cStaleFillHint',
    mirrors: 'fillLastFirst',
    // A stale hint needs a full first listener that gets room back: two connections.
    exploredIn: 'ffShared',
    find: 'if ((epoch & 1) || smp_load_acquire(&row->hint_epoch) != epoch)',
    replace: 'if ((epoch & 1) || (smp_load_acquire(&row->hint_epoch) != epoch && false))',
  },
  {
    name: 'cCloseNotSpread',
    mirrors: 'closeNotSpread',
    find: '\t\t*pos = reuserps_next(at, len);',
    replace: '\t\t(void)pos;',
    // A listener closing with two children of one CPU over a row of two or more others
    // is rare in random runs: the seed of the test meets one after about 10,500.
    runs: 12_000,
  },
  {
    name: 'cSelectMovesCursor',
    mirrors: 'dropMovesCursor',
    find: '\t/* From the same row: a second read could find it gone. */',
    replace: '\tif (sk)\n\t\treuserps_commit(rps, sk, cpu);',
  },
];
