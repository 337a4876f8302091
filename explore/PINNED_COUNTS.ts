import { EXPLORE_DEFAULTS, type ExploreConfig } from './Universe';

const cfg = (c: Partial<ExploreConfig> & Pick<ExploreConfig, 'cpus' | 'listeners' | 'limit'>) => ({
  ...EXPLORE_DEFAULTS,
  policy: 0 as const,
  ...c,
});

/** The small configurations whose state counts are pinned, shared by the tests and the mutation check. */
export const PINNED_CONFIGS = {
  // One listener per CPU with a limit of 1: limits, locality, queues, uids, migration.
  rrLimited: cfg({ cpus: 2, listeners: 2, limit: 1 }),
  tiny: cfg({ cpus: 1, listeners: 1, limit: 1, conns: 1, hashes: 1 }),
  // Fill-first, both listeners on both CPUs: listeners and CPUs are interchangeable.
  ffShared: cfg({ cpus: 2, listeners: 2, limit: 1, policy: 1, masks: 'all' }),
  // Both listeners on both CPUs with a limit of 1, under SYN cookies: a cookie's ACK on either
  // CPU, into a round-robin row.
  cookies: cfg({ cpus: 2, listeners: 2, limit: 1, masks: 'all', syncookies: true }),
  // One listener and an intruder without SO_REUSERPS, programs tried everywhere.
  progs: cfg({ cpus: 1, listeners: 1, limit: 0, conns: 1, hashes: 1, progs: true }),
} satisfies Record<string, ExploreConfig>;

// Like the state counts of TLA+ example manifests: a change of semantics changes a number.
// tiny: one listener, one connection: dominated by the socket's life (open, options,
// bind, listen, shutdown, close) times the connection's phase; symmetry has nothing to swap.
// rrLimited and ffShared: dominated by the two connections' phases and owners times the
// two listeners' queues and counts; symmetry merges the mirror images of listeners and
// CPUs. rrLimited on grew from 4258 to 4286 when a child took its ACK's CPU
// (sk_incoming_cpu): a child acknowledged on the other CPU no longer mirrors one that was
// not.
// cookies: dominated by the two connections, each a cookie with the peer or a child on
// either listener, times the listeners' counts, queues and the row cursors (both listeners
// share both rows); symmetry merges mirrored listeners and CPUs. progs: dominated by the
// socket lives of tiny times who
// holds a program (the intruder, or the listener's group) and whether the intruder set
// SO_REUSERPS; one CPU, so symmetry has nothing to swap.
// Every count fell (tiny 46 to 41, rrLimited 4286 to 3038, ffShared 2154 to 1530, cookies
// 1937 to 1361, progs 168 to 143) when the kernel differential showed that children hold
// their listener's port: a listener kept in its group as a closed socket (tcp_migrate_req,
// or a SO_REUSERPS table) cannot listen again while a child of another uid (a queued one
// counts as root's) is on the port, and a socket keeps no program once it has listened.
/** Each pinned configuration, with symmetry on or off, and its distinct states. */
export const PINNED_COUNTS: readonly [keyof typeof PINNED_CONFIGS, boolean, number][] = [
  ['tiny', true, 41],
  ['tiny', false, 41],
  ['rrLimited', true, 3038],
  ['rrLimited', false, 5932],
  ['ffShared', true, 1530],
  ['ffShared', false, 5932],
  ['cookies', true, 1361],
  ['cookies', false, 4514],
  ['progs', true, 143],
  ['progs', false, 143],
];
