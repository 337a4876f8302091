import { PINNED_CONFIGS } from './PINNED_COUNTS';
import { EXPLORE_DEFAULTS, type ExploreConfig } from './Universe';

const cfg = (c: Partial<ExploreConfig> & Pick<ExploreConfig, 'cpus' | 'listeners' | 'limit'>) => ({
  ...EXPLORE_DEFAULTS,
  policy: 0 as const,
  ...c,
});

/** Small configurations: each model mutant is caught in one of them (see CAUGHT_IN). */
export const MUTANT_CONFIGS = {
  ...PINNED_CONFIGS,
  // Three listeners on two CPUs, spread: CPU 0's row keeps a listener when its first closes.
  spreadThree: cfg({ cpus: 2, listeners: 3, limit: 0, conns: 1, hashes: 1 }),
  // Round-robin without limits, every listener on both CPUs: fairness and cursors.
  rrOpen: cfg({ cpus: 2, listeners: 2, limit: 0, masks: 'all' }),
  // Fill-first, three listeners in every row, masks that change: row order and updates.
  ffRemask: cfg({
    cpus: 2,
    listeners: 3,
    limit: 1,
    policy: 1,
    masks: 'all',
    remask: true,
    conns: 1,
  }),
  // One listener with a backlog of 1 and three connections: its queues overflow.
  overflow: cfg({ cpus: 1, listeners: 1, limit: 0, conns: 3, hashes: 1 }),
  // Two listeners sharing one round-robin row, three connections: one's accept queue
  // overflows while the other still takes SYNs, so a dropped SYN's turn shows, and an ACK
  // of the other's request after it closed meets that full queue.
  rrOverflow: cfg({ cpus: 1, listeners: 2, limit: 0, masks: 'all', conns: 3, hashes: 1 }),
  // Three listeners sharing one round-robin row, two connections: a listener closes with
  // two children queued, and two listeners are left to spread them over.
  rrThree: cfg({ cpus: 1, listeners: 3, limit: 0, masks: 'all', conns: 2, hashes: 1 }),
  // Two listeners sharing one round-robin row with a limit of 3 that two connections never
  // reach: room stays, so the turns must go on as without a limit.
  rrRoom: cfg({ cpus: 1, listeners: 2, limit: 3, masks: 'all', hashes: 1 }),
  // A third CPU without listeners: the flow hash picks among two.
  fallback: cfg({ cpus: 3, listeners: 2, limit: 0, conns: 1 }),
};

/** The configuration each model mutant is caught in (the C mutant mirroring it too). */
export const CAUGHT_IN: Record<string, keyof typeof MUTANT_CONFIGS> = {
  staleRowEntry: 'rrLimited',
  swapWithLast: 'ffRemask',
  updateKeepsOldRows: 'ffRemask',
  cursorNotCompacted: 'rrOpen',
  cursorStuck: 'rrOpen',
  fillLastFirst: 'ffRemask',
  limitInclusive: 'rrLimited',
  expiryKeepsCount: 'rrLimited',
  spillWhenFull: 'rrLimited',
  requestsNotMigrated: 'rrLimited',
  overflowStillCreates: 'overflow',
  dropMovesCursor: 'rrOverflow',
  ackMigratesIntoFullQueue: 'rrOverflow',
  closeNotSpread: 'rrThree',
  closeResets: 'rrLimited',
  uidNotChecked: 'rrLimited',
  hashDrifts: 'fallback',
  cookieSynCounts: 'cookies',
  cookieSynMovesCursor: 'cookies',
  cookieAckNotCounted: 'cookies',
  progOnReuserps: 'progs',
  reuserpsAfterProg: 'progs',
  rrResumesAtRowStart: 'cookies',
  migrateBySynCpu: 'spreadThree',
  acceptTakesNewest: 'overflow',
  rrLimitedLeastLoaded: 'rrRoom',
  synQueueMisreported: 'overflow',
};
