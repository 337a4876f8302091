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

/**
 * The cost as ratios of two setups that differ in one thing: the option's code (both
 * spreading SYNs over every listener, or both keeping them on the SYN's CPU), and the
 * limit. Absolute rates are printed only to show the scale: QEMU emulates the CPUs.
 */
export function costLines(cost: StressPhase): string[] {
  const rate = (k: string): number => num(cost, k);
  const ratio = (a: string, b: string): string =>
    rate(b) > 0 ? (rate(a) / rate(b)).toFixed(3) : '-';
  const conn = (k: string): string => `conn/s ${k}`;
  return [
    `Cost, medians of ${rate('rounds')} alternating rounds in one boot of the kernel without debugging options (QEMU without KVM emulates the CPUs, so only ratios mean anything; plain SO_REUSEPORT made ${rate(conn('reuseport')).toFixed(0)} connections/s here):`,
    `- SO_REUSERPS registered for every CPU / plain SO_REUSEPORT (both spread SYNs over the listeners): ${ratio(conn('reuserps-every-cpu'), conn('reuseport'))}`,
    `- SO_REUSERPS / SO_REUSEPORT with SO_INCOMING_CPU (both keep a connection on its SYN's CPU): ${ratio(conn('reuserps'), conn('reuseport+incoming-cpu'))}`,
    `- SO_REUSERPS / plain SO_REUSEPORT: ${ratio(conn('reuserps'), conn('reuseport'))}`,
    `- SO_REUSERPS with a limit it never reaches / without: ${ratio(conn('reuserps-limit'), conn('reuserps'))}`,
    `- SYNs/s under flood, SO_REUSERPS with a limit of 8 / plain SO_REUSEPORT: ${ratio('syn/s reuserps-limit', 'syn/s reuseport')}`,
  ];
}
