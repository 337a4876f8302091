import type { WorkloadResult } from './compare';
import type { Metrics } from './metrics';
import { POLICIES } from './POLICIES';

const COLUMNS: readonly [string, (m: Metrics) => string][] = [
  ['policy', (m) => m.policy],
  ['steering', (m) => m.steering],
  ['locality', (m) => share(m.locality)],
  ['new max/min', (m) => ratio(m.newMaxMin)],
  ['new Jain', (m) => m.newJain.toFixed(3)],
  ['active max/min', (m) => ratio(m.activeMaxMin)],
  ['active Jain', (m) => m.activeJain.toFixed(3)],
  ['peak owned', (m) => String(m.peakOwned)],
  ['limit drops', (m) => String(m.limitDrops)],
  ['close resets', (m) => String(m.closeResets)],
  ['close migrations', (m) => String(m.closeMigrations)],
  ['churn moved', (m) => (m.churnChanged === null ? '-' : share(m.churnChanged))],
  ['fallback', (m) => share(m.fallbackRate)],
  ['scanned/SYN', (m) => m.scannedPerSyn.toFixed(2)],
];

/** A share as a percentage with one decimal. */
export function share(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** A ratio with two decimals, or inf when its denominator was 0. */
export function ratio(x: number | null): string {
  return x === null ? 'inf' : x.toFixed(2);
}

/** The comparison as Markdown: the policies, then a section and a table for each workload. */
export function compareTable(results: readonly WorkloadResult[]): string {
  const out: string[] = ['Policies:', ''];
  for (const p of POLICIES) out.push(`- \`${p.name}\`: ${p.source}`);
  out.push('', 'Steering: `rss`, the NIC spreads SYNs; `xdp`, XDP cpumap software RSS.', '');
  for (const r of results) {
    const w = r.workload;
    const syns = r.metrics[0]?.syns ?? 0;
    out.push(`## ${w.name}: ${w.description}`, '');
    out.push(
      `${w.cpus} CPUs, listeners ${w.listeners.map((l) => l.name).join(' ')} (name, then home CPU), ${syns} SYNs over ${w.ticks} ticks, limit ${w.limit} for the *-limit policies.`,
      '',
    );
    out.push(`| ${COLUMNS.map(([h]) => h).join(' | ')} |`);
    out.push(`| ${COLUMNS.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`);
    for (const m of r.metrics) out.push(`| ${COLUMNS.map(([, f]) => f(m)).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}
