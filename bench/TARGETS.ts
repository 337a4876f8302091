/**
 * Every target `npm run bench` checks, in one place: the bench prints each with its figure.
 * The explorer's rate is judged against its ceiling, the work any explorer of this model
 * must do, timed alone over the same transitions (the bench prints it).
 */
export const TARGETS = {
  /** C core, round-robin without limits: at most this many times hash selection's ns/SYN. */
  coreRoundRobinRatio: 1.2,
  /** C core, fill-first over 128 listeners all but one at the limit: the same, at most. */
  coreFillFirstRatio: 2,
  /** The explorer on 3 CPUs x 3 listeners, limit 1, symmetry on: seconds, at most. */
  explore3x3Seconds: 10,
  /** One worker with fingerprints: at least this share of the ceiling, on each configuration. */
  exploreOfCeiling: 0.5,
  /** Two workers: at least this many times one worker's states per second. */
  exploreParallelSpeedup: 1.7,
  /** The search's structures (seen set, parents, queue): bytes a distinct state, at most. */
  exploreBytesPerState: 32,
  /** The scale configuration: at least this many distinct states ... */
  scaleStates: 10_000_000,
  /** ... explored completely in at most this many seconds ... */
  scaleSeconds: 900,
  /** ... with at most this much resident (the whole process, every thread). */
  scaleRssBytes: 4 * 2 ** 30,
  /** reuserps compare over every policy and workload: seconds, at most. */
  compareSeconds: 60,
  /** `reuserps properties` from the command line to exit: seconds, at most. */
  startupSeconds: 0.5,
} as const;
