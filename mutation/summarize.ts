/*
 * Reads Stryker's JSON report of `npm run mutation`, scores it against the equivalent
 * mutants listed in EQUIVALENT_MUTANTS, lists the other survivors, and writes the killed
 * mutants to mutation/killed.json for the sampled check in CI. Exit status 1 when the score
 * is below the goal.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../suite/packageRoot';
import { EQUIVALENT_MUTANTS } from './EQUIVALENT_MUTANTS';

/** The goal: killed over non-equivalent mutants. */
const GOAL = 0.95;

interface Location {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

/** A mutant as the report and killed.json hold it. */
export interface ReportedMutant {
  readonly file: string;
  readonly mutatorName: string;
  readonly replacement: string;
  readonly location: Location;
  readonly status: string;
}

/** Every mutant of the report, with its file. */
export function reportedMutants(path: string): ReportedMutant[] {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    files: Record<string, { mutants: Omit<ReportedMutant, 'file'>[] }>;
  };
  return Object.entries(report.files).flatMap(([file, f]) =>
    f.mutants.map((m) => ({
      file,
      mutatorName: m.mutatorName,
      replacement: m.replacement,
      location: m.location,
      status: m.status,
    })),
  );
}

/** The same mutation: file, mutator, replacement and where it starts. */
export function sameMutant(a: ReportedMutant, b: ReportedMutant): boolean {
  return (
    a.file === b.file &&
    a.mutatorName === b.mutatorName &&
    a.replacement === b.replacement &&
    a.location.start.line === b.location.start.line &&
    a.location.start.column === b.location.start.column
  );
}

const isEquivalent = (m: ReportedMutant): boolean =>
  EQUIVALENT_MUTANTS.some(
    (e) =>
      e.file === m.file &&
      e.line === m.location.start.line &&
      e.mutator === m.mutatorName &&
      e.replacement === m.replacement,
  );

if (require.main === module) {
  const root = packageRoot(__dirname);
  const all = reportedMutants(join(root, 'reports', 'mutation', 'mutation.json'));
  // A second run over the survivors' lines with checks added since: the checks only grow,
  // so a mutant the first run killed stays killed, and one the second run kills is killed.
  const again = existsSync(join(root, 'reports', 'mutation-survivors', 'mutation.json'))
    ? reportedMutants(join(root, 'reports', 'mutation-survivors', 'mutation.json'))
    : [];
  for (const [i, m] of all.entries()) {
    const later = again.find((x) => sameMutant(x, m));
    if (m.status === 'Survived' && later !== undefined) all[i] = later;
  }
  const counted = all.filter(
    (m) => !['CompileError', 'RuntimeError', 'Ignored'].includes(m.status),
  );
  const killed = counted.filter((m) => m.status === 'Killed' || m.status === 'Timeout');
  const survivors = counted.filter((m) => !killed.includes(m));
  const equivalent = survivors.filter(isEquivalent);
  const open = survivors.filter((m) => !isEquivalent(m));
  const score = killed.length / (counted.length - equivalent.length);
  for (const m of open) {
    const at = `${m.file}:${m.location.start.line}:${m.location.start.column}`;
    process.stdout.write(`survived ${at} ${m.mutatorName}: ${JSON.stringify(m.replacement)}\n`);
  }
  process.stdout.write(
    `mutation score: ${killed.length} killed of ${counted.length - equivalent.length} non-equivalent mutants (${(score * 100).toFixed(1)}%; ${equivalent.length} equivalent, ${all.length - counted.length} not run: compile or runtime errors), goal ${GOAL * 100}%\n`,
  );
  writeFileSync(join(root, 'mutation', 'killed.json'), `${JSON.stringify(killed, null, 2)}\n`);
  process.exitCode = score >= GOAL ? 0 : 1;
}
