import { prng } from '../vectors/scenarios';

/**
 * A listener of a workload: one application thread, pinned to `home`, with its own
 * listening socket. SO_REUSERPS registers it for exactly that CPU; SO_INCOMING_CPU sets
 * `sk_incoming_cpu` to it; the cBPF programs count on its place in `socks[]`.
 */
export interface WorkloadListener {
  readonly name: string;
  readonly home: number;
}

/** Something that happens at a tick of a workload. */
export type WorkloadEvent =
  /**
   * A client's SYN. `hash` is the flow hash of its 4-tuple (`inet_ehashfn`, what
   * SO_REUSEPORT selects by); `rssCpu` is the CPU the NIC's RSS delivers it to, through
   * receive queue `rssCpu` (one queue per CPU).
   */
  | {
      readonly t: number;
      readonly kind: 'syn';
      readonly flow: number;
      readonly hash: number;
      readonly rssCpu: number;
    }
  /** The handshake's last ACK of `flow`, on the CPU of its SYN. */
  | { readonly t: number; readonly kind: 'ack'; readonly flow: number }
  /** The owning thread calls `accept()` for `flow`'s listener. */
  | { readonly t: number; readonly kind: 'accept'; readonly flow: number }
  /** The connection ends (whichever side closes it). */
  | { readonly t: number; readonly kind: 'end'; readonly flow: number }
  /** A listener's thread closes its socket, then, at `listen`, opens a new one. */
  | { readonly t: number; readonly kind: 'close' | 'listen'; readonly listener: number };

/** A seeded, replayable workload: every policy sees exactly these events. */
export interface Workload {
  readonly name: string;
  /** What it shows, in a sentence. */
  readonly description: string;
  readonly cpus: number;
  readonly listeners: readonly WorkloadListener[];
  /** The SO_REUSERPS limit of the limited variants (connections a listener may own). */
  readonly limit: number;
  /** Ticks the run lasts. */
  readonly ticks: number;
  /** In time order; events of one tick in the order they happen. */
  readonly events: readonly WorkloadEvent[];
}

/** How a workload's SYNs arrive and how long their connections live. */
interface Shape {
  readonly name: string;
  readonly description: string;
  readonly cpus: number;
  /** Each listener's home CPU, in the order they start listening. */
  readonly homes: readonly number[];
  readonly limit: number;
  readonly ticks: number;
  /** SYNs arriving at tick t. */
  readonly rate: (t: number) => number;
  /** The CPU RSS sends a SYN to. */
  readonly rssCpu: (rng: () => number) => number;
  /** Ticks from SYN to end. */
  readonly lifetime: (rng: () => number) => number;
  /** Listener restarts: [listener, close tick, listen tick]. */
  readonly restarts?: readonly (readonly [number, number, number])[];
}

const uniformCpu =
  (cpus: number) =>
  (rng: () => number): number =>
    Math.floor(rng() * cpus);

/**
 * What a workload is unless it says otherwise: 4 CPUs, one listener on each, RSS spreading
 * 8 SYNs a tick evenly, connections living 10 to 29 ticks, a limit of 64 that they stay
 * below, 400 ticks.
 */
const BASE: Omit<Shape, 'name' | 'description'> = {
  cpus: 4,
  homes: [0, 1, 2, 3],
  limit: 64,
  ticks: 400,
  rate: () => 8,
  rssCpu: uniformCpu(4),
  lifetime: (rng) => 10 + Math.floor(rng() * 20),
};

/** The workloads `reuserps compare` runs, by name. */
const SHAPES: readonly Shape[] = [
  {
    ...BASE,
    name: 'uniform',
    description: 'flows spread evenly over 4 CPUs by RSS, one listener per CPU',
  },
  {
    ...BASE,
    name: 'skewed',
    description: 'RSS sends 70% of SYNs to CPU 0 (a poor indirection table), one listener per CPU',
    rssCpu: (rng) => (rng() < 0.7 ? 0 : 1 + Math.floor(rng() * 3)),
  },
  {
    ...BASE,
    name: 'stacked',
    description: 'two listeners on each of 2 CPUs, in the order A0, B0, C1, D1',
    cpus: 2,
    homes: [0, 0, 1, 1],
    rssCpu: uniformCpu(2),
  },
  {
    ...BASE,
    name: 'restart',
    description:
      'the listener of CPU 1 closes at tick 150 and listens again at tick 250, under load near the limits of 54',
    limit: 54,
    restarts: [[1, 150, 250]],
  },
  {
    ...BASE,
    name: 'burst',
    description:
      'steady load with bursts of 5 times the rate, beyond the limits of 24 per listener',
    limit: 24,
    rate: (t) => (t % 100 >= 50 && t % 100 < 60 ? 40 : 8),
  },
  {
    ...BASE,
    name: 'lifetimes',
    description:
      'two listeners per CPU on 4 CPUs; one connection in ten lives 30 times longer than the rest',
    homes: [0, 1, 2, 3, 0, 1, 2, 3],
    limit: 32,
    lifetime: (rng) => (rng() < 0.1 ? 300 : 10),
  },
];

/** The names of the workloads, in the order they are reported. */
export const WORKLOAD_NAMES: readonly string[] = SHAPES.map((s) => s.name);

/** Ticks from a SYN to its ACK, and from the ACK to `accept()`. */
const RTT = 1;
const ACCEPT_DELAY = 2;

/**
 * The workload `name` for `seed`, or null for a name that is not one. The same seed gives
 * the same events, so each policy replays exactly the same SYNs, ACKs and ends.
 */
export function workload(name: string, seed: number): Workload | null {
  const shape = SHAPES.find((s) => s.name === name);
  if (shape === undefined) return null;
  const rng = prng(seed);
  const events: WorkloadEvent[] = [];
  let flow = 0;
  for (let t = 0; t < shape.ticks; t++) {
    for (let i = 0; i < shape.rate(t); i++) {
      const hash = Math.floor(rng() * 2 ** 32);
      const rssCpu = shape.rssCpu(rng);
      const life = Math.max(RTT + ACCEPT_DELAY + 1, shape.lifetime(rng));
      events.push({ t, kind: 'syn', flow, hash, rssCpu });
      events.push({ t: t + RTT, kind: 'ack', flow });
      events.push({ t: t + RTT + ACCEPT_DELAY, kind: 'accept', flow });
      events.push({ t: t + life, kind: 'end', flow });
      flow++;
    }
  }
  for (const [listener, close, listen] of shape.restarts ?? []) {
    events.push({ t: close, kind: 'close', listener });
    events.push({ t: listen, kind: 'listen', listener });
  }
  // Stable: within a tick, membership changes first, then events in creation order.
  const rank = (e: WorkloadEvent): number => (e.kind === 'close' || e.kind === 'listen' ? 0 : 1);
  events.sort((a, b) => a.t - b.t || rank(a) - rank(b));
  const names = 'ABCDEFGHIJKLMNOP';
  return {
    name: shape.name,
    description: shape.description,
    cpus: shape.cpus,
    listeners: shape.homes.map((home, i) => ({ name: `${names[i] ?? i}${home}`, home })),
    limit: shape.limit,
    ticks: shape.ticks,
    events: events.filter((e) => e.t < shape.ticks),
  };
}
