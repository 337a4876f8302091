/**
 * Every target `npm run bench` checks, in one place: the bench prints each with its figure.
 * The explorer has no states-per-second target here: the model's step alone over the same
 * transitions (the ceiling the bench prints) is below any such figure set so far.
 */
export const TARGETS = {
  /** C core, round-robin without limits: at most this many times hash selection's ns/SYN. */
  coreRoundRobinRatio: 1.2,
  /** C core, fill-first over 128 listeners all but one at the limit: the same, at most. */
  coreFillFirstRatio: 2,
  /** The explorer on 3 CPUs x 3 listeners, limit 1, symmetry on: seconds, at most. */
  explore3x3Seconds: 10,
  /** reuserps compare over every policy and workload: seconds, at most. */
  compareSeconds: 60,
  /** `reuserps properties` from the command line to exit: seconds, at most. */
  startupSeconds: 0.5,
} as const;
