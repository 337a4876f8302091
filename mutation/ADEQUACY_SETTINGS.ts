/** The fixed settings of the mutation run's adequacy check, and what the model gives there. */
export const ADEQUACY_SETTINGS = {
  /** fast-check's seed for the property suite and the C differential. */
  seed: 20261202,
  /** Random runs of the property suite per mutant. */
  runs: 300,
  /** Random runs through the C core per mutant. */
  differentialRuns: 150,
  /**
   * sha256 of the vectors the model generates for the series' seed without mutant rounds;
   * test/mutation.test.ts checks that the model still gives it.
   */
  vectorsDigest: 'b85ba43980eb0c29dbbd655e0072b3aac09c1c71fa96ecfd2f6ae55ce0e47372',
} as const;
