import { InputError } from '../cli/InputError';
import { ratio, share } from './compareTable';
import type { KernelResults } from './KernelResults';
import { kernelRunLog } from './kernelRunLog';
import { metrics, type Metrics } from './metrics';
import { POLICIES } from './POLICIES';
import { runPolicy } from './runPolicy';
import { prng } from '../vectors/scenarios';
import { kernelWorkload } from './kernelWorkload';
import type { Workload } from './Workload';

/** Redraws of the flow hashes that give the simulator's noise band. */
export const HASH_REDRAWS = 40;

/** One figure of the kernel beside the simulator's. */
interface Figure {
  readonly name: string;
  readonly of: (m: Metrics) => number | null;
  readonly show: (x: number | null) => string;
}

const fixed =
  (d: number) =>
  (x: number | null): string =>
    x === null ? 'inf' : x.toFixed(d);

/** The figures a kernel can show, in the order they are printed. */
export const KERNEL_FIGURES: readonly Figure[] = [
  { name: 'locality', of: (m) => m.locality, show: (x) => share(x ?? 0) },
  { name: 'new max/min', of: (m) => m.newMaxMin, show: ratio },
  { name: 'new Jain', of: (m) => m.newJain, show: fixed(3) },
  { name: 'active Jain', of: (m) => m.activeJain, show: fixed(3) },
  { name: 'peak owned', of: (m) => m.peakOwned, show: fixed(0) },
  { name: 'limit drops', of: (m) => m.limitDrops, show: fixed(0) },
  { name: 'close resets', of: (m) => m.closeResets, show: fixed(0) },
  { name: 'close migrations', of: (m) => m.closeMigrations, show: fixed(0) },
];

/** One figure of one run: the kernel's, the simulator's, and the simulator's range over redrawn hashes. */
export interface FigureRow {
  readonly workload: string;
  readonly policy: string;
  readonly figure: string;
  readonly kernel: number | null;
  readonly simulator: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** The kernel's figure lies outside the simulator's range over redrawn hashes. */
  readonly outside: boolean;
}

/**
 * The kernel's figures beside the simulator's for the same workload and seed. The noise
 * band is the simulator's range when the flow hashes are drawn again ({@link HASH_REDRAWS}
 * times): the kernel's hash is keyed by a boot-time secret, so a hash-driven figure can
 * only be compared with that range.
 */
export function kernelRows(
  results: KernelResults,
  file: string,
  redraws = HASH_REDRAWS,
): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const run of results.runs) {
    const w = kernelWorkload(run.workload, run.seed);
    const policy = POLICIES.find((p) => p.name === run.policy);
    if (w === null || policy === undefined)
      throw new InputError(`${file}: ${run.workload} ${run.policy}: not a compared run`);
    const k = metrics(kernelRunLog(run, w, file));
    const s = metrics(runPolicy(policy, w, 'rss'));
    const band = Array.from({ length: redraws }, (_, i) =>
      metrics(runPolicy(policy, rehashed(w, i + 1), 'rss')),
    );
    for (const f of KERNEL_FIGURES) {
      const xs = [s, ...band].map(f.of).map((x) => x ?? Infinity);
      const kx = f.of(k) ?? Infinity;
      const low = Math.min(...xs);
      const high = Math.max(...xs);
      const slack = 1e-9 + 0.02 * Math.abs(high);
      rows.push({
        workload: run.workload,
        policy: run.policy,
        figure: f.name,
        kernel: f.of(k),
        simulator: f.of(s),
        low: Number.isFinite(low) ? low : null,
        high: Number.isFinite(high) ? high : null,
        outside: kx < low - slack || kx > high + slack,
      });
    }
  }
  return rows;
}

/** `w` with every SYN's flow hash drawn again from seed `k`, all else the same. */
function rehashed(w: Workload, k: number): Workload {
  const rng = prng(0x5eed0000 + k);
  return {
    ...w,
    events: w.events.map((e) =>
      e.kind === 'syn' ? { ...e, hash: Math.floor(rng() * 2 ** 32) } : e,
    ),
  };
}

/** The rows as Markdown: a table per workload, a policy per line, "kernel / simulator" per cell. */
export function kernelTable(results: KernelResults, rows: readonly FigureRow[]): string {
  const out = [
    `Kernel ${results.kernel} beside the simulator (same workload and seed). A cell is kernel / simulator; * marks a kernel figure outside the simulator's range over ${HASH_REDRAWS} redrawn flow hashes.`,
    '',
  ];
  const workloads = [...new Set(rows.map((r) => r.workload))];
  for (const wname of workloads) {
    out.push(`## ${wname}`, '', `| policy | ${KERNEL_FIGURES.map((f) => f.name).join(' | ')} |`);
    out.push(`| --- | ${KERNEL_FIGURES.map(() => '---:').join(' | ')} |`);
    const of = rows.filter((r) => r.workload === wname);
    for (const policy of [...new Set(of.map((r) => r.policy))]) {
      const cells = KERNEL_FIGURES.map((f) => {
        const r = of.find((x) => x.policy === policy && x.figure === f.name);
        return r === undefined
          ? '-'
          : `${f.show(r.kernel)} / ${f.show(r.simulator)}${r.outside ? ' *' : ''}`;
      });
      out.push(`| ${policy} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
