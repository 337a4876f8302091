import { MUTANTS } from '../mutants/MUTANTS';
import { PROPERTIES } from '../properties';
import { OutputError } from '../suite/OutputError';
import { TraceError } from '../trace/TraceError';
import { BENCH_USAGE, benchCommand } from './benchCommand';
import { COMPARE_USAGE, compareCommand } from './compareCommand';
import { EXPLORE_USAGE, exploreCommand } from './exploreCommand';
import { InputError } from './InputError';
import { KERNELDIFF_USAGE, kerneldiffCommand } from './kerneldiffCommand';
import { parseArgs } from './parseArgs';
import { RUN_USAGE, runCommand } from './runCommand';
import { STRESS_USAGE, stressCommand } from './stressCommand';
import { SUITE_USAGE, suiteCommand } from './suiteCommand';
import { UsageError } from './UsageError';
import { VECTORS_USAGE, vectorsCommand } from './vectorsCommand';

const LIST_USAGE = `reuserps properties   lists the properties with their prose
reuserps mutants      lists the mutants and the property meant to catch each`;

/** Each command's own usage, which `reuserps COMMAND --help` prints. */
const COMMAND_USAGE: Readonly<Record<string, string>> = {
  run: RUN_USAGE,
  suite: SUITE_USAGE,
  bench: BENCH_USAGE,
  vectors: VECTORS_USAGE,
  explore: EXPLORE_USAGE,
  compare: COMPARE_USAGE,
  kerneldiff: KERNELDIFF_USAGE,
  'stress-report': STRESS_USAGE,
  properties: LIST_USAGE,
  mutants: LIST_USAGE,
};

const USAGE = `usage: reuserps COMMAND ...

${RUN_USAGE}

${SUITE_USAGE}

${BENCH_USAGE}

${VECTORS_USAGE}

${EXPLORE_USAGE}

${COMPARE_USAGE}

${KERNELDIFF_USAGE}

${STRESS_USAGE}

${LIST_USAGE}

Every command takes --help.`;

/**
 * The command line: a thin face over the tools. Returns the exit status; bad input (a
 * trace file, an option) is reported on stderr with status 2.
 */
export function main(argv: readonly string[]): number {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const progress = process.stderr.isTTY
    ? (what: string): void => void process.stderr.write(`\r\x1b[K${what}`)
    : null;
  // Off a terminal, a long search still shows it is alive: a line every 10 s.
  let lastLine = Date.now();
  const progressLines = (what: string): void => {
    if (Date.now() - lastLine < 10_000) return;
    lastLine = Date.now();
    process.stderr.write(`reuserps: ${what}\n`);
  };
  // A command that reports progress on the terminal clears its line when it ends.
  const withProgress = (run: () => number): number => {
    const status = run();
    if (progress !== null) process.stderr.write('\r\x1b[K');
    return status;
  };
  const [command, ...rest] = argv;
  const usage = command === undefined ? undefined : COMMAND_USAGE[command];
  if (usage !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    out(usage);
    return 0;
  }
  try {
    switch (command) {
      case 'run':
        return runCommand(rest, out);
      case 'suite':
        return withProgress(() => suiteCommand(rest, out, progress));
      case 'bench':
        return benchCommand(rest, out);
      case 'vectors':
        return vectorsCommand(rest, out);
      case 'compare':
        return compareCommand(rest, out);
      case 'kerneldiff':
        return kerneldiffCommand(rest, out);
      case 'stress-report':
        return stressCommand(rest, out);
      case 'explore':
        return withProgress(() => exploreCommand(rest, out, progress ?? progressLines));
      case 'properties':
        noArguments(command, rest);
        for (const p of PROPERTIES) out(`${p.name}: ${p.prose}`);
        return 0;
      case 'mutants':
        noArguments(command, rest);
        for (const m of MUTANTS) out(`${m.name} (caught by ${m.killedBy}): ${m.description}`);
        return 0;
      case 'help':
      case '--help':
        out(USAGE);
        return 0;
      default:
        throw new UsageError(command === undefined ? 'no command' : `unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof TraceError || e instanceof InputError || e instanceof OutputError) {
      process.stderr.write(`reuserps: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`reuserps: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

function noArguments(command: string, rest: readonly string[]): void {
  const args = parseArgs(rest, [], []);
  const [first] = args.positional;
  if (first !== undefined) throw new UsageError(`${command} takes no arguments, got "${first}"`);
}
