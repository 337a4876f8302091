import type { WorkloadResult } from './compare';

/*
 * SVG charts of a comparison, written as text: no library, no fonts beyond the viewer's
 * sans-serif, the same bytes for the same results (the README's chart is checked against
 * the command's output).
 */

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#000000',
];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function svg(width: number, height: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    '<g font-family="sans-serif" font-size="12">',
    ...body,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

const px = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * Locality and balance per policy on one workload: for each policy and steering, a bar for
 * locality (share of accepted connections on a listener of their SYN's CPU) and one for
 * Jain's index of active connections per listener. Both run from 0 to 1; longer is better.
 */
export function localityChart(r: WorkloadResult): string {
  const label = 190;
  const plot = 420;
  const rowH = 26;
  const top = 56;
  const body: string[] = [];
  body.push(
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(`${r.workload.name}: locality and balance per policy`)}</text>`,
    `<text x="10" y="38">${esc(r.workload.description)}</text>`,
  );
  r.metrics.forEach((m, i) => {
    const y = top + i * rowH;
    body.push(
      `<text x="${label - 6}" y="${px(y + 15)}" text-anchor="end">${esc(`${m.policy} (${m.steering})`)}</text>`,
      `<rect x="${label}" y="${px(y + 2)}" width="${px(plot * m.locality)}" height="10" fill="${COLORS[0]}"/>`,
      `<rect x="${label}" y="${px(y + 13)}" width="${px(plot * m.activeJain)}" height="10" fill="${COLORS[1]}"/>`,
    );
  });
  const bottom = top + r.metrics.length * rowH;
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    const x = label + plot * v;
    body.push(
      `<line x1="${px(x)}" y1="${top}" x2="${px(x)}" y2="${bottom}" stroke="#cccccc"/>`,
      `<text x="${px(x)}" y="${bottom + 14}" text-anchor="middle">${v}</text>`,
    );
  }
  const ly = bottom + 34;
  body.push(
    `<rect x="${label}" y="${ly - 9}" width="10" height="10" fill="${COLORS[0]}"/>`,
    `<text x="${label + 14}" y="${ly}">locality</text>`,
    `<rect x="${label + 90}" y="${ly - 9}" width="10" height="10" fill="${COLORS[1]}"/>`,
    `<text x="${label + 104}" y="${ly}">Jain's index of active connections per listener</text>`,
  );
  return svg(label + plot + 30, ly + 16, body);
}

/**
 * SYNs dropped and connections reset during a run, added up over time, one line per policy
 * under one steering: a listener restart shows as a step at its close, and limits that
 * the remaining listeners hit as a slope until it listens again.
 */
export function dropsChart(r: WorkloadResult, steering: string): string {
  const left = 50;
  const plotW = 520;
  const plotH = 260;
  const top = 50;
  const logs = r.logs.filter((l) => l.steering === steering);
  const series = logs.map((l) => {
    let sum = 0;
    return l.dropsPerTick.map((d, t) => (sum += d + (l.resetsPerTick[t] ?? 0)));
  });
  const max = Math.max(1, ...series.map((s) => s[s.length - 1] ?? 0));
  const ticks = r.workload.ticks;
  const x = (t: number): number => left + (plotW * t) / ticks;
  const y = (v: number): number => top + plotH - (plotH * v) / max;
  const body: string[] = [
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(`${r.workload.name}: SYNs dropped and connections reset, added up (${steering})`)}</text>`,
    `<text x="10" y="38">${esc(r.workload.description)}</text>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#000000"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#000000"/>`,
  ];
  for (let t = 0; t <= ticks; t += 50) {
    body.push(`<text x="${px(x(t))}" y="${top + plotH + 14}" text-anchor="middle">${t}</text>`);
  }
  body.push(
    `<text x="${left + plotW / 2}" y="${top + plotH + 30}" text-anchor="middle">tick</text>`,
  );
  for (const v of [0, Math.round(max / 2), max]) {
    body.push(
      `<text x="${left - 6}" y="${px(y(v) + 4)}" text-anchor="end">${v}</text>`,
      `<line x1="${left}" y1="${px(y(v))}" x2="${left + plotW}" y2="${px(y(v))}" stroke="#eeeeee"/>`,
    );
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? '#000000';
    // A step line: a point where the count changes, not one per tick.
    const points = [`${px(x(0))},${px(y(0))}`];
    s.forEach((v, t) => {
      const prev = t === 0 ? 0 : (s[t - 1] ?? 0);
      if (v !== prev) points.push(`${px(x(t))},${px(y(prev))}`, `${px(x(t))},${px(y(v))}`);
    });
    points.push(`${px(x(ticks))},${px(y(s[s.length - 1] ?? 0))}`);
    body.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5"/>`,
    );
    const ly = top + 10 + i * 18;
    body.push(
      `<line x1="${left + plotW + 20}" y1="${ly - 4}" x2="${left + plotW + 40}" y2="${ly - 4}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${left + plotW + 46}" y="${ly}">${esc(`${logs[i]?.policy ?? ''} (${s[s.length - 1] ?? 0})`)}</text>`,
    );
  });
  return svg(left + plotW + 210, top + plotH + 44, body);
}

/** Every chart of a comparison, by file name. */
export function charts(results: readonly WorkloadResult[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const r of results) {
    files[`${r.workload.name}-locality.svg`] = localityChart(r);
    if (r.workload.events.some((e) => e.kind === 'close')) {
      files[`${r.workload.name}-drops.svg`] = dropsChart(r, 'rss');
    }
  }
  return files;
}
