import { generateVectors, OUTCOME_CLASSES } from '../vectors/generateVectors';
import { VECTOR_INVISIBLE } from '../vectors/VECTOR_INVISIBLE';
import { writeCHeader } from '../vectors/writeCHeader';
import { checkOutputDir, writeOutputDir } from '../suite/writeOutputDir';
import traceSchema from '../trace/trace.schema.json';
import vectorsSchema from '../vectors/vectors.schema.json';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps vectors`. */
export const VECTORS_USAGE = `reuserps vectors --out DIR [--seed N] [--force]
  Generates test vectors from the model into DIR: reuserps_vectors.json (with
  vectors.schema.json and trace.schema.json beside it) and reuserps_vectors.h for the
  selftest. Prints how often each outcome class occurs, and which vectors each model
  mutant fails; fails when an outcome class has no vector. DIR must be new or empty;
  --force replaces an earlier output of reuserps (a folder holding .reuserps-output).`;

/** `reuserps vectors`: returns the exit status. */
export function vectorsCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['force'], ['out', 'seed']);
  const dir = args.values.get('out');
  if (dir === undefined || args.positional.length > 0)
    throw new UsageError('vectors needs --out DIR');
  const seed = intOption(args, 'seed', 1, 0, 2 ** 31 - 1);
  const output = { option: '--out', force: args.flags.has('force') };
  checkOutputDir(dir, output);
  const { file, coverage, kills } = generateVectors(seed);
  const missing = OUTCOME_CLASSES.filter((c) => (coverage.get(c) ?? 0) === 0);
  for (const c of OUTCOME_CLASSES) out(`${c.padEnd(30)} ${coverage.get(c) ?? 0}`);
  out('');
  for (const [name, ids] of kills) out(`mutant ${name.padEnd(26)} fails tcId ${ids.join(', ')}`);
  for (const [name, why] of Object.entries(VECTOR_INVISIBLE))
    out(`mutant ${name.padEnd(26)} not visible to a vector: ${why}`);
  if (missing.length > 0) {
    out(`no vector for: ${missing.join(', ')}`);
    return 1;
  }
  // Write beside each other, then move into place, so that DIR never holds half a set.
  writeOutputDir(
    dir,
    {
      'reuserps_vectors.json': `${JSON.stringify(file, null, 2)}\n`,
      'vectors.schema.json': `${JSON.stringify(vectorsSchema, null, 2)}\n`,
      'trace.schema.json': `${JSON.stringify(traceSchema, null, 2)}\n`,
      'reuserps_vectors.h': writeCHeader(file),
    },
    output,
  );
  out(`${file.numberOfTests} tests written to ${dir}`);
  return 0;
}
