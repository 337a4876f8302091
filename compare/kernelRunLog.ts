import { InputError } from '../cli/InputError';
import type { KernelRun } from './KernelResults';
import type { ConnRecord, RunLog } from './runPolicy';
import type { Workload } from './Workload';

/**
 * A kernel run as a {@link RunLog}, so that the simulator's `metrics()` computes the
 * kernel's figures the same way. The kernel says where each flow went and what became of
 * it; the workload says when (its SYN, end and restart ticks). What the kernel does not
 * show (entries scanned, fallbacks, where a new SYN of a live flow would go) is zero.
 * Throws an {@link InputError} when the run is not of this workload.
 */
export function kernelRunLog(run: KernelRun, w: Workload, file: string): RunLog {
  const syns = w.events.filter((e) => e.kind === 'syn');
  if (run.flows.length !== syns.length || run.ticks !== w.ticks) {
    throw new InputError(
      `${file}: ${run.workload} ${run.policy}: ${run.flows.length} flows over ${run.ticks} ticks, the workload of seed ${run.seed} has ${syns.length} over ${w.ticks}`,
    );
  }
  const endTick = new Map<number, number>();
  for (const e of w.events) if (e.kind === 'end') endTick.set(e.flow, e.t);
  const closes = w.events.flatMap((e) => (e.kind === 'close' ? [e] : []));
  const n = w.listeners.length;
  const conns: ConnRecord[] = syns.map((e, i) => {
    const f = run.flows[i];
    if (f === undefined || f.cpu !== e.rssCpu) {
      throw new InputError(
        `${file}: ${run.workload} ${run.policy}: flow ${i} ran on another CPU than its workload's`,
      );
    }
    const placed = f.placed >= 0 && f.placed < n ? f.placed : null;
    const owner = f.owner >= 0 && f.owner < n ? f.owner : null;
    return {
      flow: i,
      synTick: e.t,
      hash: e.hash,
      cpu: f.cpu,
      queue: f.cpu,
      placed,
      drop: f.drop === 'limit' ? 'limit' : f.drop === 'none' ? null : 'noListener',
      scanned: 0,
      fallback: false,
      owner,
      accepted: f.accepted,
      ended: endTick.has(i),
      reset: f.resetTick >= 0,
      migrations: placed !== null && owner !== null && owner !== placed ? 1 : 0,
    };
  });
  // Who owned each flow at each tick: its first listener from its SYN, the one it
  // migrated to from its listener's close, nobody once it ended or was reset.
  const ownedSum = new Array<number>(n).fill(0);
  const ownedPeak = new Array<number>(n).fill(0);
  const owned = Array.from({ length: w.ticks }, () => new Array<number>(n).fill(0));
  for (const c of conns) {
    if (c.placed === null) continue;
    const end = Math.min(
      w.ticks,
      endTick.get(c.flow) ?? w.ticks,
      c.reset ? (run.flows[c.flow]?.resetTick ?? 0) : w.ticks,
    );
    const moved = closes.find((e) => e.listener === c.placed && e.t > c.synTick)?.t ?? w.ticks;
    for (let t = c.synTick; t < end; t++) {
      const who = t < moved || c.migrations === 0 ? c.placed : c.owner;
      const row = owned[t];
      if (who !== null && row !== undefined) row[who] = (row[who] ?? 0) + 1;
    }
  }
  for (const row of owned) {
    row.forEach((x, i) => {
      ownedSum[i] = (ownedSum[i] ?? 0) + x;
      ownedPeak[i] = Math.max(ownedPeak[i] ?? 0, x);
    });
  }
  return {
    policy: run.policy,
    steering: 'rss',
    workload: w,
    conns,
    ownedSum,
    ownedPeak,
    dropsPerTick: new Array<number>(w.ticks).fill(0),
    resetsPerTick: new Array<number>(w.ticks).fill(0),
    closeResets: conns.filter((c) => c.reset).length,
    closeMigrations: conns.filter((c) => c.migrations > 0).length,
    churnLive: 0,
    churnChanged: 0,
  };
}
