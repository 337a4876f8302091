/*
 * The adequacy check that the mutation run uses to judge each mutant of model/: the same
 * checks as the tests, at fixed seeds, fastest first, stopping at the first that fails.
 * Exit status 0: every check passed (the mutant survived); 1: a check failed (killed).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as model from '../model';
import { explore } from '../explore/explore';
import { PINNED_CONFIGS, PINNED_COUNTS } from '../explore/PINNED_COUNTS';
import { buildHarness } from '../harness/buildHarness';
import { checkDifferential } from '../harness/checkDifferential';
import { checkModel } from '../suite/checkModel';
import { checkContract } from '../suite/CONTRACT_CHECKS';
import { packageRoot } from '../suite/packageRoot';
import { parseTrace } from '../trace/parseTrace';
import { runTrace } from '../trace/runTrace';
import traceSchema from '../trace/trace.schema.json';
import { generateVectors } from '../vectors/generateVectors';
import { writeCHeader } from '../vectors/writeCHeader';
import { seriesSeed } from '../vectors/seriesHeader';
import { ADEQUACY_SETTINGS as ADEQUACY } from './ADEQUACY_SETTINGS';

const ROOT = packageRoot(__dirname);

/** Each check: its name, and the reason it failed or null. */
const CHECKS: [string, () => string | null][] = [
  ['action types', actionTypes],
  ['examples', examples],
  ['contract', () => checkContract(model)],
  ['vectors', vectors],
  ['properties', properties],
  ['explorer', explorer],
  ['C differential', differential],
];

/** The model's list of actions is the trace format's: a trace can name every action. */
function actionTypes(): string | null {
  const named = [...traceSchema.$defs.step.properties.do.enum].sort().join();
  const listed = [...model.ACTION_TYPES].sort().join();
  return named === listed ? null : `ACTION_TYPES [${listed}] is not the schema's [${named}]`;
}

function examples(): string | null {
  const dir = join(ROOT, 'examples');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const r = runTrace(parseTrace(readFileSync(join(dir, f), 'utf8'), f), model);
    if (r.violation !== null) return `${f}: ${r.violation.property}`;
    if (r.mismatches.length > 0) return `${f}: step ${r.mismatches[0]?.step} unexpected`;
  }
  return null;
}

/** The vectors of the series' seed, without the mutant rounds, and their C header, hashed. */
export function vectorsDigest(): string {
  const { file } = generateVectors(seriesSeed(), new Map());
  return createHash('sha256').update(JSON.stringify(file)).update(writeCHeader(file)).digest('hex');
}

function vectors(): string | null {
  const got = vectorsDigest();
  return got === ADEQUACY.vectorsDigest ? null : `the vectors changed (sha256 ${got})`;
}

function properties(): string | null {
  const r = checkModel(model, { numRuns: ADEQUACY.runs, seed: ADEQUACY.seed, shrink: false });
  return r.violation === null ? null : `${r.violation.property}: ${r.violation.reason}`;
}

function explorer(): string | null {
  for (const [name, symmetry, states] of PINNED_COUNTS) {
    const r = explore(PINNED_CONFIGS[name], model, { symmetry, maxDepth: null });
    if (r.violation !== null) return `${name}: ${r.violation.property}`;
    if (r.distinct !== states) return `${name}: ${r.distinct} states, not ${states}`;
    if (r.stuck.length > 0) return `${name}: a state is stuck`;
  }
  return null;
}

function differential(): string | null {
  const r = checkDifferential(buildHarness(), ADEQUACY.differentialRuns, ADEQUACY.seed, false);
  return r.divergence === null ? null : `step ${r.divergence.step}: ${r.divergence.command}`;
}

/** Runs the checks in order; returns the first failure as "check: reason", or null. */
export function adequacy(): string | null {
  for (const [name, check] of CHECKS) {
    let reason: string | null;
    try {
      reason = check();
    } catch (e) {
      reason = `threw ${e instanceof Error ? e.message : String(e)}`;
    }
    if (reason !== null) return `${name}: ${reason}`;
  }
  return null;
}

if (require.main === module) {
  const failed = adequacy();
  if (failed !== null) process.stderr.write(`killed by ${failed}\n`);
  process.exitCode = failed === null ? 0 : 1;
}
