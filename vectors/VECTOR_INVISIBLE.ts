/**
 * The model mutants that no vector can tell apart from the model, each with the reason.
 * Every other mutant must fail at least one vector: the generator adds scenarios until
 * it does.
 */
export const VECTOR_INVISIBLE: Readonly<Record<string, string>> = {
  hashDrifts:
    'the drift moves only choices the flow hash makes among several listeners, and a vector ' +
    'names the set of candidates there: the kernel keys its hash with a boot-time secret',
  synQueueMisreported:
    'a vector says that a SYN was dropped, not which queue was full: the selftest sees only ' +
    'that no connection came',
};
