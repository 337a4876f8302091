import { join } from 'node:path';
import * as model from '../model';
import { loadMutant } from '../mutants/loadMutant';
import { MUTANTS } from '../mutants/MUTANTS';
import { compareKernel, linesByTrace, TIMER_FREE_MS } from '../kerneldiff/compareKernel';
import { fromWire } from '../kerneldiff/fromWire';
import { KERNEL_INVISIBLE } from '../kerneldiff/KERNEL_INVISIBLE';
import { generateKernelTraces } from '../kerneldiff/generateKernelTraces';
import type { KernelTrace } from '../kerneldiff/KernelTrace';
import { originOf, shrinkCandidates } from '../kerneldiff/shrinkCandidates';
import { smallestDisagreeing } from '../kerneldiff/smallestDisagreeing';
import { sortKnown } from '../kerneldiff/sortKnown';
import { toWire } from '../kerneldiff/toWire';
import { KNOWN_DISAGREEMENTS } from '../kerneldiff/KNOWN_DISAGREEMENTS';
import { writeFileAtomic } from '../suite/writeFileAtomic';
import { intOption, parseArgs } from './parseArgs';
import { readInput } from './readInput';
import { UsageError } from './UsageError';

/** Usage of `reuserps kerneldiff`. */
export const KERNELDIFF_USAGE = `reuserps kerneldiff traces --out FILE [--count N] [--seed N]
  Writes N random kernel-runnable traces (default 1000) for the guest's executor.
reuserps kerneldiff check --traces FILE --log FILE [--out DIR] [--mutants] [--unpatched]
  Compares the executor's lines in the log with the model, step by step, for the traces
  of the traces file. Writes each disagreement to DIR as a trace file for
  \`reuserps run\`. --mutants also replays the kernel's answers against every model mutant
  and lists the trace that catches each. --unpatched expects every trace that sets
  or reads SO_REUSERPS to disagree (the kernel has no such option) and the others to agree.
reuserps kerneldiff shrink --traces FILE --log FILE --out FILE
  Writes smaller candidates of the first disagreeing traces (those no open finding
  names), for a second boot to run.
reuserps kerneldiff shrunk --traces FILE --log FILE --out DIR
  From that second boot's log, writes the smallest candidate that still disagrees for
  each trace to DIR as kernel-trace-N.min.json.`;

/** `reuserps kerneldiff`: returns the exit status. */
export function kerneldiffCommand(argv: readonly string[], out: (line: string) => void): number {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ['mutants', 'unpatched'], ['out', 'count', 'seed', 'log', 'traces']);
  if (sub === 'traces') {
    const count = intOption(args, 'count', 1000, 1, 100000);
    const seed = intOption(args, 'seed', 1, 0, 2 ** 31 - 1);
    const traces = generateKernelTraces(model, count, seed);
    const file = args.values.get('out');
    if (file === undefined) throw new UsageError('kerneldiff traces needs --out FILE');
    writeFileAtomic(file, traces.map(toWire).join(''));
    const steps = traces.reduce((n, t) => n + t.actions.length, 0);
    out(`${traces.length} traces, ${steps} steps written to ${file}`);
    return 0;
  }
  if (sub !== 'check' && sub !== 'shrink' && sub !== 'shrunk')
    throw new UsageError('kerneldiff needs "traces", "check", "shrink" or "shrunk"');
  const log = args.values.get('log');
  const file = args.values.get('traces');
  if (log === undefined || file === undefined)
    throw new UsageError(`kerneldiff ${sub} needs --traces FILE and --log FILE`);
  const traces = fromWire(readInput(file), file);
  const dest = args.values.get('out');
  if (sub === 'check') return check(traces, readInput(log), dest, args.flags, out);
  if (dest === undefined) throw new UsageError(`kerneldiff ${sub} needs --out`);
  return sub === 'shrink'
    ? shrink(traces, readInput(log), dest, out)
    : shrunk(traces, readInput(log), dest, out);
}

/** How many disagreeing traces a second boot shrinks. */
const SHRINK_TRACES = 3;

function shrink(
  traces: readonly KernelTrace[],
  text: string,
  file: string,
  out: (line: string) => void,
): number {
  const r = compareKernel(model, traces, linesByTrace(text));
  const { fresh } = sortKnown(traces, r.disagreements, KNOWN_DISAGREEMENTS);
  const candidates = fresh.slice(0, SHRINK_TRACES).flatMap((d) => {
    const t = traces.find((x) => x.id === d.trace);
    return t === undefined ? [] : shrinkCandidates(t, d.step);
  });
  writeFileAtomic(file, candidates.map(toWire).join(''));
  out(
    `${candidates.length} candidates from ${Math.min(fresh.length, SHRINK_TRACES)} disagreeing traces written to ${file}`,
  );
  return 0;
}

function shrunk(
  candidates: readonly KernelTrace[],
  text: string,
  dir: string,
  out: (line: string) => void,
): number {
  const r = compareKernel(model, candidates, linesByTrace(text));
  const best = smallestDisagreeing(candidates, r.disagreements);
  for (const origin of new Set(candidates.map((c) => originOf(c.id)))) {
    const b = best.get(origin);
    const whole = candidates.find((c) => originOf(c.id) === origin)?.actions.length ?? 0;
    if (b === undefined) {
      out(`  trace ${origin}: no candidate disagrees again (a disagreement that comes and goes)`);
      continue;
    }
    const d = b.disagreement;
    const path = join(dir, `kernel-trace-${origin}.min.json`);
    writeFileAtomic(path, `${JSON.stringify(d.file, null, 2)}\n`);
    out(
      `  trace ${origin} shrunk from ${whole} to ${b.trace.actions.length} steps: ${d.field} is ${d.got}, the model says ${d.want} (${path})`,
    );
  }
  return 0;
}

function check(
  traces: readonly KernelTrace[],
  text: string,
  dir: string | undefined,
  flags: ReadonlySet<string>,
  out: (line: string) => void,
): number {
  const byTrace = linesByTrace(text);
  const r = compareKernel(model, traces, byTrace);
  const timing = /kerneldiff: (\d+) traces, (\d+) steps in (\d+) ms/.exec(text);
  if (timing !== null) {
    const secs = Number(timing[3]) / 1000;
    out(
      `kernel: ${timing[1]} traces, ${timing[2]} steps in ${secs.toFixed(1)} s of guest time ` +
        `(${(Number(timing[1]) / secs).toFixed(1)} traces/s, ${(Number(timing[2]) / secs).toFixed(0)} steps/s)`,
    );
  } else out('kernel: the executor did not finish (no summary line)');
  out(
    `compared ${r.traces} traces, ${r.steps} steps (${r.cut} traces cut at ${TIMER_FREE_MS} ms of guest time, before a SYN-ACK timer): ${r.disagreements.length} disagree`,
  );
  if (flags.has('unpatched')) return unpatched(traces, r.disagreements, out);
  const { fresh, known, gone, absent } = sortKnown(traces, r.disagreements, KNOWN_DISAGREEMENTS);
  for (const d of known) out(`  known: trace ${d.trace} step ${d.step} (${d.field}): ${d.finding}`);
  for (const k of gone) out(`  a known disagreement no longer shows: ${k.trace} step ${k.step}`);
  for (const k of absent)
    out(`  an intermittent known disagreement did not show this time: ${k.trace} step ${k.step}`);
  for (const d of fresh.slice(0, 40)) {
    out(`  ${d.file.description ?? ''}`);
    if (dir !== undefined)
      writeFileAtomic(
        join(dir, `kernel-trace-${d.trace}.json`),
        `${JSON.stringify(d.file, null, 2)}\n`,
      );
  }
  let status = fresh.length === 0 && gone.length === 0 && timing !== null ? 0 : 1;
  // A mutant is judged on the traces where the kernel and the model agree.
  const agreed = traces.filter((t) => !r.disagreements.some((d) => d.trace === t.id));
  if (flags.has('mutants')) status = Math.max(status, mutants(agreed, byTrace, out));
  return status;
}

/** On a kernel without the option, exactly the traces that set or read it must disagree. */
function unpatched(
  traces: readonly KernelTrace[],
  found: readonly { trace: number }[],
  out: (line: string) => void,
): number {
  const sets = new Set(
    traces
      .filter((t) =>
        t.actions.some((a) => a.type === 'socketSetReuserps' || a.type === 'socketGetReuserps'),
      )
      .map((t) => t.id),
  );
  const disagree = new Set(found.map((d) => d.trace));
  const missed = [...sets].filter((id) => !disagree.has(id));
  const extra = [...disagree].filter((id) => !sets.has(id));
  out(
    `unpatched: ${sets.size} traces use SO_REUSERPS, ${sets.size - missed.length} of them disagree; ${extra.length} others disagree`,
  );
  if (missed.length > 0)
    out(`  agree although they use SO_REUSERPS: ${missed.slice(0, 10).join(', ')}`);
  if (extra.length > 0) out(`  disagree without SO_REUSERPS: ${extra.slice(0, 10).join(', ')}`);
  return missed.length === 0 && extra.length === 0 ? 0 : 1;
}

/**
 * Replays the kernel's answers against every mutant: each is caught by some trace, or is
 * one a kernel cannot show ({@link KERNEL_INVISIBLE}); any other that survives fails the
 * check.
 */
function mutants(
  traces: readonly KernelTrace[],
  byTrace: ReadonlyMap<number, readonly string[]>,
  out: (line: string) => void,
): number {
  const survivors: string[] = [];
  for (const m of MUTANTS) {
    const r = compareKernel(loadMutant(m), traces, byTrace);
    const first = r.disagreements[0];
    if (first === undefined) survivors.push(m.name);
    out(
      `  mutant ${m.name.padEnd(26)} ${first === undefined ? 'not caught' : `caught by trace ${first.trace} step ${first.step} (${first.field}), ${r.disagreements.length} traces in all`}`,
    );
  }
  out(
    `mutants: ${MUTANTS.length - survivors.length} of ${MUTANTS.length} caught by the kernel's answers on ${traces.length} traces`,
  );
  const wrong = MUTANTS.filter((m) => survivors.includes(m.name) && !(m.name in KERNEL_INVISIBLE));
  for (const m of wrong) out(`  ${m.name}: not caught, and a kernel can show it`);
  return wrong.length === 0 ? 0 : 1;
}
