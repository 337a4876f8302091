import { UsageError } from './UsageError';

/** Parsed arguments: positional ones, flags, and options with a value. */
export interface Args {
  readonly positional: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/**
 * Splits `argv` by what a command accepts: `flags` take no value, `options` take one
 * (`--seed 3` or `--seed=3`). Anything else starting with `-`, a value given to a flag, and
 * an option given twice (which value was meant?) are usage errors. `--` ends the options.
 */
export function parseArgs(argv: readonly string[], flags: string[], options: string[]): Args {
  const positional: string[] = [];
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    if (!arg.startsWith('--') || (!flags.includes(name) && !options.includes(name)))
      throw new UsageError(`unknown option ${arg}`);
    if (seen.has(name) || values.has(name)) throw new UsageError(`--${name} is given twice`);
    if (flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value, got "${inline}"`);
      seen.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { positional, flags: seen, values };
}

/** An option's value as a whole number in a range, or its default. */
export function intOption(
  args: Args,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = args.values.get(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}
