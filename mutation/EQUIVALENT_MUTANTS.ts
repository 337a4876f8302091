/** A surviving mutant of model/ that no behaviour can tell from the model, and why. */
export interface EquivalentMutant {
  /** The file under model/, as Stryker names it (`model/table.ts`). */
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  /** Stryker's replacement text. */
  readonly replacement: string;
  readonly why: string;
}

/**
 * The survivors of `npm run mutation` that are equivalent: each is matched by file, line,
 * mutator and replacement, and left out of the score's denominator.
 */
export const EQUIVALENT_MUTANTS: readonly EquivalentMutant[] = [];
