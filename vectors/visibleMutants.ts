import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import type { ModelApi } from '../properties';
import { VECTOR_INVISIBLE } from './VECTOR_INVISIBLE';

let loaded: ReadonlyMap<string, ModelApi> | null = null;

/**
 * Every mutant a vector can tell from the model, loaded once per process (each load
 * compiles a copy of model/).
 */
export function visibleMutants(): ReadonlyMap<string, ModelApi> {
  loaded ??= new Map(
    MUTANTS.filter((m) => !(m.name in VECTOR_INVISIBLE)).map((m) => [m.name, loadMutant(m)]),
  );
  return loaded;
}
