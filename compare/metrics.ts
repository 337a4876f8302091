import type { ConnRecord, RunLog, Steering } from './runPolicy';

/** The figures of one policy on one workload under one steering. */
export interface Metrics {
  readonly policy: string;
  readonly steering: Steering;
  readonly workload: string;
  readonly syns: number;
  /**
   * Of the connections accepted, the share whose listener is registered for (SO_REUSERPS)
   * or pinned to (the others) the CPU that processed the SYN.
   */
  readonly locality: number;
  /** New connections (SYNs placed) per listener. */
  readonly newPerListener: readonly number[];
  /** Max over min of those; null when some listener got none. */
  readonly newMaxMin: number | null;
  readonly newJain: number;
  /** Connections each listener owned, averaged over the ticks. */
  readonly activePerListener: readonly number[];
  readonly activeMaxMin: number | null;
  readonly activeJain: number;
  /** The most connections any listener owned at once. */
  readonly peakOwned: number;
  readonly limitDrops: number;
  readonly noListenerDrops: number;
  readonly closeResets: number;
  readonly closeMigrations: number;
  /** Share of live flows a new SYN would send elsewhere after a listener closes or listens; null without churn. */
  readonly churnChanged: number | null;
  /** Share of SYNs placed by a fallback. */
  readonly fallbackRate: number;
  /** Entries looked at per SYN. */
  readonly scannedPerSyn: number;
}

/** Jain's fairness index: 1 when all are equal, 1/n when one has everything. */
export function jain(xs: readonly number[]): number {
  const sum = xs.reduce((a, b) => a + b, 0);
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (xs.length * squares);
}

/** Max over min, or null when the min is 0. */
export function maxMin(xs: readonly number[]): number | null {
  const min = Math.min(...xs);
  return min === 0 ? null : Math.max(...xs) / min;
}

/** The share of accepted connections, among `conns`, owned by a listener of their CPU. */
export function locality(log: RunLog, conns: readonly ConnRecord[] = log.conns): number {
  const accepted = conns.filter((c) => c.accepted && c.owner !== null);
  if (accepted.length === 0) return 0;
  const homes = log.workload.listeners.map((l) => l.home);
  return accepted.filter((c) => homes[c.owner ?? -1] === c.cpu).length / accepted.length;
}

/** The figures of one run. */
export function metrics(log: RunLog): Metrics {
  const n = log.workload.listeners.length;
  const newPer = new Array<number>(n).fill(0);
  let fallbacks = 0;
  let scanned = 0;
  for (const c of log.conns) {
    if (c.placed !== null) newPer[c.placed] = (newPer[c.placed] ?? 0) + 1;
    if (c.fallback) fallbacks++;
    scanned += c.scanned;
  }
  const syns = log.conns.length;
  const active = log.ownedSum.map((x) => x / log.workload.ticks);
  return {
    policy: log.policy,
    steering: log.steering,
    workload: log.workload.name,
    syns,
    locality: locality(log),
    newPerListener: newPer,
    newMaxMin: maxMin(newPer),
    newJain: jain(newPer),
    activePerListener: active,
    activeMaxMin: maxMin(active),
    activeJain: jain(active),
    peakOwned: Math.max(...log.ownedPeak),
    limitDrops: log.conns.filter((c) => c.drop === 'limit').length,
    noListenerDrops: log.conns.filter((c) => c.drop === 'noListener').length,
    closeResets: log.closeResets,
    closeMigrations: log.closeMigrations,
    churnChanged: log.churnLive === 0 ? null : log.churnChanged / log.churnLive,
    fallbackRate: syns === 0 ? 0 : fallbacks / syns,
    scannedPerSyn: syns === 0 ? 0 : scanned / syns,
  };
}
