import * as model from '../model';
import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import { parseTrace } from '../trace/parseTrace';
import { renderState } from '../trace/renderState';
import { runTrace } from '../trace/runTrace';
import { parseArgs } from './parseArgs';
import { readInput } from './readInput';
import { UsageError } from './UsageError';

/** Usage of `reuserps run`. */
export const RUN_USAGE = `reuserps run TRACE.json [--state] [--mutant NAME]
  Runs a trace through the model: one JSON line per step (ok or errno, and what
  happened), every property checked over the run, each step's "expect" compared.
  --state        print the table after each step, for a person to read
  --mutant NAME  run a broken variant of the model instead (see reuserps mutants)
  Exit status: 0 all held, 1 a property or an expectation failed, 2 bad input.`;

/** `reuserps run`: returns the exit status. */
export function runCommand(argv: readonly string[], out: (line: string) => void): number {
  const args = parseArgs(argv, ['state'], ['mutant']);
  const [file, ...extra] = args.positional;
  if (file === undefined || extra.length > 0) throw new UsageError('run takes one trace file');
  const mutantName = args.values.get('mutant');
  const m = mutantName === undefined ? undefined : MUTANTS.find((x) => x.name === mutantName);
  if (mutantName !== undefined && m === undefined)
    throw new UsageError(`no mutant "${mutantName}"; see reuserps mutants`);
  const trace = parseTrace(readInput(file), file);
  const subject = m === undefined ? model : loadMutant(m);
  const result = runTrace(trace, subject);
  for (const [i, r] of result.reports.entries()) {
    out(JSON.stringify(r));
    const after = result.run.steps[i]?.after;
    if (args.flags.has('state') && after !== undefined) out(renderState(after, result.names));
  }
  const v = result.violation;
  if (v !== null) {
    out(JSON.stringify({ violated: v.property, step: v.step, reason: v.reason }));
  }
  for (const m of result.mismatches)
    out(JSON.stringify({ unexpected: m.step, reason: m.mismatch }));
  return v === null && result.mismatches.length === 0 ? 0 : 1;
}
