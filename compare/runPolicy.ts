import type { ComparedPolicy } from './POLICIES';
import type { Moves } from './PolicySim';
import type { Workload } from './Workload';

/** Which CPU processes a SYN, and which receive queue its skb reports. */
export type Steering =
  /** The NIC's RSS: the workload's CPU, through that CPU's queue. */
  | 'rss'
  /**
   * XDP cpumap software RSS (samples/bpf/xdp_redirect_cpu): every packet arrives on queue 0 of CPU 0, and an
   * XDP program redirects it to a CPU by a hash of its own over the 4-tuple. The skb that
   * cpumap builds does not record the receive queue (`__xdp_build_skb_from_frame` lists
   * `skb_record_rx_queue` as missing), so it reports queue 0.
   */
  | 'xdp';

/** Both steerings, in the order they are reported. */
export const STEERINGS: readonly Steering[] = ['rss', 'xdp'];

/** The CPU and queue of a SYN under a steering. */
export function steer(
  steering: Steering,
  hash: number,
  rssCpu: number,
  cpus: number,
): { readonly cpu: number; readonly queue: number } {
  if (steering === 'rss') return { cpu: rssCpu, queue: rssCpu };
  // The XDP program's own hash: a 32-bit mix of the flow hash (murmur3's finaliser), so
  // that it does not follow the bits reciprocal_scale() reads.
  let h = hash >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return { cpu: ((h ^ (h >>> 16)) >>> 0) % cpus, queue: 0 };
}

/** One connection attempt (a SYN) and what became of it. */
export interface ConnRecord {
  readonly flow: number;
  readonly synTick: number;
  /** The flow hash of its 4-tuple. */
  readonly hash: number;
  /** The CPU that processed its SYN, and the receive queue its skb reported. */
  readonly cpu: number;
  readonly queue: number;
  /** The listener its SYN chose, or null when it was dropped. */
  readonly placed: number | null;
  readonly drop: 'limit' | 'noListener' | null;
  readonly scanned: number;
  readonly fallback: boolean;
  /** The listener that owns it now (after migrations), or null. */
  owner: number | null;
  accepted: boolean;
  /** It ended normally (an `end` event). */
  ended: boolean;
  reset: boolean;
  migrations: number;
}

/** Everything one policy did with one workload under one steering. */
export interface RunLog {
  readonly policy: string;
  readonly steering: Steering;
  readonly workload: Workload;
  /** By flow. */
  readonly conns: readonly ConnRecord[];
  /** For each listener, the sum over ticks of the connections it owned at the tick's end. */
  readonly ownedSum: readonly number[];
  /** For each listener, the most connections it owned at a tick's end. */
  readonly ownedPeak: readonly number[];
  /** SYNs dropped and connections reset, per tick. */
  readonly dropsPerTick: readonly number[];
  readonly resetsPerTick: readonly number[];
  /** Resets and migrations caused by a listener that closed (at its close or at an ACK after). */
  readonly closeResets: number;
  readonly closeMigrations: number;
  /**
   * Over every listener close and listen: live connections counted, and of those, how
   * many a new SYN of the same flow would now send to another listener than just before.
   */
  readonly churnLive: number;
  readonly churnChanged: number;
}

/** Replays `w` through one policy under one steering. */
export function runPolicy(policy: ComparedPolicy, w: Workload, steering: Steering): RunLog {
  const sim = policy.start(w);
  const n = w.listeners.length;
  const conns: ConnRecord[] = [];
  const ownedSum = new Array<number>(n).fill(0);
  const ownedPeak = new Array<number>(n).fill(0);
  const dropsPerTick = new Array<number>(w.ticks).fill(0);
  const resetsPerTick = new Array<number>(w.ticks).fill(0);
  let closeResets = 0;
  let closeMigrations = 0;
  let churnLive = 0;
  let churnChanged = 0;
  let tick = 0;

  const sample = (upTo: number): void => {
    for (; tick < upTo; tick++) {
      const owned = sim.owned();
      for (let i = 0; i < n; i++) {
        ownedSum[i] = (ownedSum[i] ?? 0) + (owned[i] ?? 0);
        ownedPeak[i] = Math.max(ownedPeak[i] ?? 0, owned[i] ?? 0);
      }
    }
  };
  // Connections move only because their listener closed: at its close, or at an ACK after.
  const apply = (m: Moves, t: number): void => {
    for (const flow of m.reset) {
      const c = conns[flow];
      if (c === undefined) continue;
      c.reset = true;
      c.owner = null;
      resetsPerTick[t] = (resetsPerTick[t] ?? 0) + 1;
      closeResets++;
    }
    for (const [flow, to] of m.migrated) {
      const c = conns[flow];
      if (c === undefined) continue;
      c.owner = to;
      c.migrations++;
      closeMigrations++;
    }
  };
  const live = (): ConnRecord[] => conns.filter((c) => c.owner !== null && !c.ended);
  const mapping = (cs: readonly ConnRecord[]): (number | null)[] =>
    cs.map((c) => sim.peek(c.hash, c.cpu, c.queue));
  const churn = (change: () => void): void => {
    const cs = live();
    const before = mapping(cs);
    change();
    const after = mapping(cs);
    churnLive += cs.length;
    for (let i = 0; i < cs.length; i++) if (before[i] !== after[i]) churnChanged++;
  };

  for (const e of w.events) {
    sample(e.t);
    switch (e.kind) {
      case 'syn': {
        const { cpu, queue } = steer(steering, e.hash, e.rssCpu, w.cpus);
        const p = sim.syn(e.flow, e.hash, cpu, queue);
        if (p.listener === null) dropsPerTick[e.t] = (dropsPerTick[e.t] ?? 0) + 1;
        conns[e.flow] = {
          flow: e.flow,
          synTick: e.t,
          hash: e.hash,
          cpu,
          queue,
          placed: p.listener,
          drop: p.drop,
          scanned: p.scanned,
          fallback: p.fallback,
          owner: p.listener,
          accepted: false,
          ended: false,
          reset: false,
          migrations: 0,
        };
        break;
      }
      case 'ack': {
        const c = conns[e.flow];
        if (c === undefined || c.owner === null) break;
        // The ACK is of the same flow, so RSS or the XDP program sends it where the SYN went.
        apply(sim.ack(e.flow, c.cpu), e.t);
        break;
      }
      case 'accept': {
        const c = conns[e.flow];
        if (c === undefined || c.owner === null) break;
        sim.accept(e.flow);
        c.accepted = true;
        break;
      }
      case 'end': {
        const c = conns[e.flow];
        if (c === undefined || c.owner === null) break;
        sim.end(e.flow);
        c.ended = true;
        break;
      }
      case 'close':
        churn(() => apply(sim.close(e.listener), e.t));
        break;
      case 'listen':
        churn(() => sim.listen(e.listener));
        break;
    }
  }
  sample(w.ticks);
  return {
    policy: policy.name,
    steering,
    workload: w,
    conns,
    ownedSum,
    ownedPeak,
    dropsPerTick,
    resetsPerTick,
    closeResets,
    closeMigrations,
    churnLive,
    churnChanged,
  };
}
