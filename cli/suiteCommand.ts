import { runSuite, suitePassed, type SuiteReport } from '../suite/runSuite';
import { checkOutputDir, writeOutputDir } from '../suite/writeOutputDir';
import { intOption, parseArgs } from './parseArgs';
import { UsageError } from './UsageError';

/** Usage of `reuserps suite` (what `npm start` runs). */
export const SUITE_USAGE = `reuserps suite [--runs N] [--mutant-runs N] [--seed N] [--out DIR] [--force] [--json]
  Checks every property over N random runs of the model (default 1000), then shows
  that each mutant is caught, writing its shrunk counterexample to DIR (default
  counterexamples/) as a trace that "reuserps run --mutant NAME" replays. DIR must be new
  or empty; --force replaces an earlier output of reuserps (npm start passes it).
  Exit status: 0 passed, 1 a property failed or a mutant survived, 2 bad usage.`;

/** `reuserps suite`: returns the exit status. */
export function suiteCommand(
  argv: readonly string[],
  out: (line: string) => void,
  progress: ((what: string) => void) | null,
): number {
  const args = parseArgs(argv, ['json', 'force'], ['runs', 'mutant-runs', 'seed', 'out']);
  if (args.positional.length > 0) throw new UsageError('suite takes no file');
  const runs = intOption(args, 'runs', 1000, 1, 10_000_000);
  const mutantRuns = intOption(args, 'mutant-runs', 20_000, 1, 10_000_000);
  const seed = intOption(args, 'seed', Date.now() % 2 ** 31, -(2 ** 31), 2 ** 31 - 1);
  const outDir = args.values.get('out') ?? 'counterexamples';
  const output = { option: '--out', force: args.flags.has('force') };
  // Refused before the minutes of the run, and written as one set after it.
  checkOutputDir(outDir, output);
  const report = runSuite({
    runs,
    mutantRuns,
    seed,
    outDir,
    ...(progress === null ? {} : { progress }),
  });
  writeOutputDir(outDir, report.files, output);
  if (args.flags.has('json')) {
    const { files: _files, ...shown } = report;
    out(JSON.stringify(shown, null, 2));
  } else for (const line of formatSuite(report)) out(line);
  return suitePassed(report) ? 0 : 1;
}

/** The report as a person reads it. */
export function formatSuite(r: SuiteReport): string[] {
  const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const held = r.properties.filter((p) => p.violation === null).length;
  const killed = r.mutants.filter((m) => m.killed).length;
  // Columns as wide as their longest name, plus two spaces.
  const pw = Math.max(8, ...r.properties.map((p) => p.name.length)) + 2;
  const mw = Math.max(6, ...r.mutants.map((m) => m.name.length)) + 2;
  const tw = pw + 'SURVIVED'.length + 2;
  const lines = [
    `SO_REUSERPS property suite, seed ${r.seed}`,
    `reference model: ${r.runs} runs, ${r.actions} actions (${Math.round(r.okShare * 100)}% succeeded, the rest returned an errno), ${secs(r.modelMs)}`,
    '',
    `${'property'.padEnd(pw)}${'held'.padEnd(6)}${'check time'.padStart(11)}  mutants killed`,
  ];
  for (const p of r.properties) {
    const time = `${p.ms.toFixed(0)} ms`.padStart(11);
    lines.push(
      `${p.name.padEnd(pw)}${(p.violation === null ? 'yes' : 'NO').padEnd(6)}${time}  ${p.kills.join(', ') || '-'}`,
    );
  }
  if (r.violation !== null) {
    lines.push('', `FAILED on the reference model: ${r.violation.property}: ${r.violation.reason}`);
    if (r.counterexample !== null) lines.push(`  counterexample: ${r.counterexample}`);
  }
  lines.push(
    '',
    `${'mutant'.padEnd(mw)}${'caught first by'.padEnd(pw)}${'target property alone'.padEnd(tw)}counterexample`,
  );
  for (const m of r.mutants) {
    const target = `${m.target}: ${m.killed ? 'killed' : 'SURVIVED'}`;
    const file = m.counterexample === null ? '-' : `${m.counterexample} (${m.steps} steps)`;
    lines.push(
      `${m.name.padEnd(mw)}${(m.caughtBy ?? 'nothing').padEnd(pw)}${target.padEnd(tw)}${file}  ${secs(m.ms)}`,
    );
  }
  lines.push(
    '',
    `${held}/${r.properties.length} properties held, ${killed}/${r.mutants.length} mutants killed, ${secs(r.ms)}`,
  );
  return lines;
}
