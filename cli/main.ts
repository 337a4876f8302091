import { MUTANTS } from '../mutants/MUTANTS';
import { PROPERTIES } from '../properties';
import { TraceError } from '../trace/TraceError';
import { BENCH_USAGE, benchCommand } from './benchCommand';
import { COMPARE_USAGE, compareCommand } from './compareCommand';
import { EXPLORE_USAGE, exploreCommand } from './exploreCommand';
import { KERNELDIFF_USAGE, kerneldiffCommand } from './kerneldiffCommand';
import { RUN_USAGE, runCommand } from './runCommand';
import { SUITE_USAGE, suiteCommand } from './suiteCommand';
import { UsageError } from './UsageError';
import { VECTORS_USAGE, vectorsCommand } from './vectorsCommand';

const USAGE = `usage: reuserps COMMAND ...

${RUN_USAGE}

${SUITE_USAGE}

${BENCH_USAGE}

${VECTORS_USAGE}

${EXPLORE_USAGE}

${COMPARE_USAGE}

${KERNELDIFF_USAGE}

reuserps properties   lists the properties with their prose
reuserps mutants      lists the mutants and the property meant to catch each`;

/**
 * The command line: a thin face over the tools. Returns the exit status; bad input (a
 * trace file, an option) is reported on stderr with status 2.
 */
export function main(argv: readonly string[]): number {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const progress = process.stderr.isTTY
    ? (what: string): void => void process.stderr.write(`\r\x1b[K${what}`)
    : null;
  // A command that reports progress on the terminal clears its line when it ends.
  const withProgress = (run: () => number): number => {
    const status = run();
    if (progress !== null) process.stderr.write('\r\x1b[K');
    return status;
  };
  const [command, ...rest] = argv;
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
      case 'explore':
        return withProgress(() => exploreCommand(rest, out, progress));
      case 'properties':
        for (const p of PROPERTIES) out(`${p.name}: ${p.prose}`);
        return 0;
      case 'mutants':
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
    if (e instanceof TraceError) {
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
