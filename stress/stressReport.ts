import { InputError } from '../cli/InputError';

/** One phase of stress/stress.c, as its "STRESS {json}" line gives it. */
export type StressPhase = Readonly<Record<string, unknown>> & {
  readonly phase: string;
  readonly ok: boolean;
};

/** The phases of a guest log, in order. Throws an {@link InputError} on a line that is not one. */
export function stressPhases(log: string, file: string): StressPhase[] {
  const phases: StressPhase[] = [];
  log.split('\n').forEach((line, i) => {
    if (!line.startsWith('STRESS ')) return;
    let p: unknown;
    try {
      p = JSON.parse(line.slice(7));
    } catch (e) {
      throw new InputError(
        `${file}:${i + 1}: a STRESS line that is not JSON: ${(e as Error).message}`,
      );
    }
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof (p as StressPhase).phase !== 'string' ||
      typeof (p as StressPhase).ok !== 'boolean'
    ) {
      throw new InputError(`${file}:${i + 1}: a STRESS line needs a phase name and ok`);
    }
    phases.push(p as StressPhase);
  });
  return phases;
}

const num = (p: StressPhase, k: string): number =>
  typeof p[k] === 'number' ? (p[k] as number) : 0;
const counter = (p: StressPhase, k: string): number => {
  const c = p.counters as Record<string, number> | undefined;
  return c?.[k] ?? 0;
};

/** The load phases as a Markdown table, then the cost as ratios to plain SO_REUSEPORT. */
export function stressReport(phases: readonly StressPhase[]): string {
  const load = phases.filter((p) => 'attempted' in p);
  const head = [
    'phase',
    'attempted',
    'served',
    'refused (RST)',
    'connect timeout',
    'reset',
    'reply timeout',
    'TUN children',
    'migrated',
    'migration failed',
    'limit drops',
    'overflows',
    'cookies sent/recv',
    'peak/limit (anchors)',
    'locality',
    'count reads',
    'churn ops',
    'ok',
  ];
  const out = [
    `| ${head.join(' | ')} |`,
    `| --- | ${head
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
  ];
  for (const p of load) {
    const loopback = num(p, 'children') - num(p, 'tunChildren');
    const peaks = (p.peaks as number[][] | undefined) ?? [];
    out.push(
      `| ${[
        p.phase,
        num(p, 'attempted'),
        num(p, 'served'),
        num(p, 'refused'),
        num(p, 'connectTimeout'),
        num(p, 'resetBeforeReply') + num(p, 'resetAfterConnect'),
        num(p, 'replyTimeout'),
        num(p, 'tunChildren'),
        counter(p, 'TCPMigrateReqSuccess'),
        counter(p, 'TCPMigrateReqFailure'),
        counter(p, 'TCPReuserpsLimitDrop'),
        counter(p, 'ListenOverflows'),
        `${counter(p, 'SyncookiesSent')}/${counter(p, 'SyncookiesRecv')}`,
        peaks
          .slice(0, 4)
          .map(([a, b]) => `${a}/${b}`)
          .join(' '),
        loopback > 0 ? `${((100 * (loopback - num(p, 'notLocal'))) / loopback).toFixed(1)}%` : '-',
        num(p, 'countReads'),
        num(p, 'churnOps'),
        p.ok ? 'yes' : 'NO',
      ].join(' | ')} |`,
    );
  }
  const cost = phases.find((p) => p.phase === 'cost');
  if (cost !== undefined) out.push('', ...costLines(cost));
  return out.join('\n');
}

/** The rates of one setup, round by round. */
function rates(cost: StressPhase, key: string): number[] {
  const x = cost[key];
  return Array.isArray(x) && x.every((v) => typeof v === 'number') ? (x as number[]) : [];
}

/** The median of `xs` (the upper one of an even count), or NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * The cost as ratios of two setups that differ in one thing: the option's code (both
 * spreading SYNs over every listener, or both keeping them on the SYN's CPU), and the
 * limit. Rounds alternate the setups, so each ratio is taken round by round (the two
 * rates a second apart), and the median and range of those are printed. Absolute rates
 * show only the scale: QEMU emulates the CPUs.
 */
export function costLines(cost: StressPhase): string[] {
  const pair = (label: string, a: string, b: string): string => {
    const x = rates(cost, a);
    const y = rates(cost, b);
    const r = x.map((v, i) => v / (y[i] ?? NaN)).filter(Number.isFinite);
    if (r.length === 0) return `- ${label}: -`;
    return `- ${label}: ${median(r).toFixed(3)} (rounds ${Math.min(...r).toFixed(2)} to ${Math.max(...r).toFixed(2)})`;
  };
  const base = median(rates(cost, 'conn/s reuseport'));
  return [
    `Cost in one boot of the kernel without debugging options, ${num(cost, 'rounds')} alternating rounds (QEMU without KVM emulates the CPUs, so only ratios mean anything; plain SO_REUSEPORT made a median ${base.toFixed(0)} connections/s here). Median of the per-round ratios, and their range:`,
    pair(
      'SO_REUSERPS registered for every CPU / plain SO_REUSEPORT (both spread SYNs)',
      'conn/s reuserps-every-cpu',
      'conn/s reuseport',
    ),
    pair(
      'SO_REUSERPS / SO_REUSEPORT with SO_INCOMING_CPU (both keep a connection on its CPU)',
      'conn/s reuserps',
      'conn/s reuseport+incoming-cpu',
    ),
    pair('SO_REUSERPS / plain SO_REUSEPORT', 'conn/s reuserps', 'conn/s reuseport'),
    pair(
      'SO_REUSERPS with a limit it never reaches / without',
      'conn/s reuserps-limit',
      'conn/s reuserps',
    ),
    pair(
      'SYNs/s under flood, SO_REUSERPS with a limit of 8 / plain SO_REUSEPORT',
      'syn/s reuserps-limit',
      'syn/s reuseport',
    ),
  ];
}
