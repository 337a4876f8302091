import { InputError } from '../cli/InputError';
import { KERNEL_POLICIES, KERNEL_WORKLOADS } from './KERNEL_RUNS';

/** What became of one flow in the kernel, as compare/kernelReplay.c prints it. */
export interface KernelFlow {
  /** The CPU its SYN was sent from, so processed on. */
  readonly cpu: number;
  /** The listener whose accept queue it joined, or -1 when it was dropped. */
  readonly placed: number;
  /** `limit`: TCPReuserpsLimitDrop counted it; `refused`: a RST; `lost`: nothing came. */
  readonly drop: 'none' | 'limit' | 'refused' | 'lost';
  /** The listener that accepted it; -1 reset or dropped, -2 migrated and not yet accepted. */
  readonly owner: number;
  readonly accepted: boolean;
  /** The tick its listener's close reset it, or -1. */
  readonly resetTick: number;
}

/** One policy over one workload in the kernel. */
export interface KernelRun {
  readonly workload: string;
  readonly policy: string;
  readonly seed: number;
  readonly ticks: number;
  /** Deltas of the kernel's counters over the run. */
  readonly counters: Readonly<Record<string, number>>;
  readonly flows: readonly KernelFlow[];
}

/** A results file: the runs of one boot, and the kernel that ran them. */
export interface KernelResults {
  readonly kernel: string;
  readonly runs: readonly KernelRun[];
}

const DROPS = ['none', 'limit', 'refused', 'lost'] as const;

/**
 * Checks a parsed results file; throws an {@link InputError} naming the file, the place
 * and the reason.
 */
export function kernelResults(file: string, doc: unknown): KernelResults {
  const fail = (where: string, why: string): never => {
    throw new InputError(`${file}: ${where}: ${why}`);
  };
  if (!isObject(doc)) return fail('top level', 'expected an object with kernel and runs');
  if (typeof doc.kernel !== 'string') fail('kernel', 'expected the kernel release, a string');
  if (!Array.isArray(doc.runs) || doc.runs.length === 0) fail('runs', 'expected a non-empty array');
  const runs = (doc.runs as unknown[]).map((r, i) => run(r, `runs[${i}]`, fail));
  return { kernel: doc.kernel as string, runs };
}

function run(r: unknown, at: string, fail: (where: string, why: string) => never): KernelRun {
  if (!isObject(r)) return fail(at, 'expected an object');
  if (typeof r.workload !== 'string' || !KERNEL_WORKLOADS.includes(r.workload)) {
    fail(`${at}.workload`, `expected one of ${KERNEL_WORKLOADS.join(', ')}`);
  }
  if (typeof r.policy !== 'string' || !KERNEL_POLICIES.includes(r.policy)) {
    fail(`${at}.policy`, `expected one of ${KERNEL_POLICIES.join(', ')}`);
  }
  for (const k of ['seed', 'ticks'] as const) {
    if (!Number.isSafeInteger(r[k]) || (r[k] as number) < 0)
      fail(`${at}.${k}`, 'expected an integer ≥ 0');
  }
  if (!isObject(r.counters) || !Object.values(r.counters).every(Number.isSafeInteger)) {
    fail(`${at}.counters`, 'expected an object of integers');
  }
  if (!Array.isArray(r.flows)) return fail(`${at}.flows`, 'expected an array');
  const flows = (r.flows as unknown[]).map((f, i) => flow(f, `${at}.flows[${i}]`, fail));
  return {
    workload: r.workload as string,
    policy: r.policy as string,
    seed: r.seed as number,
    ticks: r.ticks as number,
    counters: r.counters as Record<string, number>,
    flows,
  };
}

function flow(f: unknown, at: string, fail: (where: string, why: string) => never): KernelFlow {
  if (!Array.isArray(f) || f.length !== 6) {
    return fail(at, 'expected [cpu, placed, drop, owner, accepted, resetTick]');
  }
  const [cpu, placed, drop, owner, accepted, resetTick] = f as unknown[];
  const ints = [cpu, placed, owner, resetTick];
  if (!ints.every(Number.isSafeInteger)) fail(at, 'cpu, placed, owner and resetTick are integers');
  if (!DROPS.includes(drop as (typeof DROPS)[number]))
    fail(at, `drop is one of ${DROPS.join(', ')}`);
  if (accepted !== 0 && accepted !== 1) fail(at, 'accepted is 0 or 1');
  return {
    cpu: cpu as number,
    placed: placed as number,
    drop: drop as KernelFlow['drop'],
    owner: owner as number,
    accepted: accepted === 1,
    resetTick: resetTick as number,
  };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
