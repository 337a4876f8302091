import { reciprocalScale } from '../model';
import type { Moves, Placement, PolicySim } from './PolicySim';
import type { WorkloadListener } from './Workload';

/** How a group's array closes up when a member leaves. */
export type Removal =
  /** Linux `__reuseport_detach_sock`: the last member fills the hole. */
  | 'swapWithLast'
  /**
   * FreeBSD `in_pcblbgroup_reorder` and DragonFly `in_pcbremlocalgrphash_oncpu`: the
   * members after it move up one place ("Pull up inpcbs"), keeping their order.
   */
  | 'pullUp';

/** What a selection sees of a SYN and of the group. */
export interface SelectInput {
  readonly hash: number;
  readonly cpu: number;
  readonly queue: number;
  /** The group's members, listener indices in the group's order. */
  readonly socks: readonly number[];
  readonly listeners: readonly WorkloadListener[];
}

/** A selection over a group's array: a slot, how many it looked at, whether it fell back. */
export type Select = (x: SelectInput) => {
  readonly slot: number;
  readonly scanned: number;
  readonly fallback: boolean;
};

/**
 * A SO_REUSEPORT-like group that is not the model's: an array of listening sockets, a
 * selection over it, and Linux's (and the BSDs') fate for connections of a listener that
 * closes: its requests and unaccepted children are reset (`inet_csk_listen_stop` without
 * `tcp_migrate_req`; the BSDs drop syncache entries and close `so_comp`). Linux resets a
 * request only when its ACK finds the listener gone, a tick later here: the count is the
 * same, which a test checks against the model. There are no limits, and queues are deep
 * enough never to overflow.
 */
export function socksGroupSim(
  listeners: readonly WorkloadListener[],
  select: Select,
  removal: Removal,
): PolicySim {
  const socks = listeners.map((_, i) => i);
  const conns = new Map<number, { owner: number; phase: 'request' | 'queued' | 'accepted' }>();
  const owned = listeners.map(() => 0);
  const choose = (hash: number, cpu: number, queue: number) =>
    socks.length === 0 ? null : select({ hash, cpu, queue, socks, listeners });
  return {
    syn(flow, hash, cpu, queue): Placement {
      const c = choose(hash, cpu, queue);
      const listener = c === null ? undefined : socks[c.slot];
      if (c === null || listener === undefined) {
        return { listener: null, drop: 'noListener', scanned: 0, fallback: false };
      }
      conns.set(flow, { owner: listener, phase: 'request' });
      owned[listener] = (owned[listener] ?? 0) + 1;
      return { listener, drop: null, scanned: c.scanned, fallback: c.fallback };
    },
    ack(flow) {
      const c = conns.get(flow);
      if (c !== undefined && c.phase === 'request') c.phase = 'queued';
      return { migrated: [], reset: [] };
    },
    accept(flow) {
      const c = conns.get(flow);
      if (c !== undefined && c.phase === 'queued') c.phase = 'accepted';
    },
    end(flow) {
      const c = conns.get(flow);
      if (c === undefined) return;
      conns.delete(flow);
      owned[c.owner] = (owned[c.owner] ?? 0) - 1;
    },
    close(listener): Moves {
      const at = socks.indexOf(listener);
      if (at >= 0 && removal === 'swapWithLast') {
        socks[at] = socks[socks.length - 1] ?? listener;
        socks.pop();
      } else if (at >= 0) {
        socks.splice(at, 1);
      }
      const reset: number[] = [];
      for (const [flow, c] of conns) {
        if (c.owner !== listener || c.phase === 'accepted') continue;
        reset.push(flow);
        conns.delete(flow);
        owned[listener] = (owned[listener] ?? 0) - 1;
      }
      return { migrated: [], reset };
    },
    listen(listener) {
      if (!socks.includes(listener)) socks.push(listener);
    },
    peek(hash, cpu, queue) {
      const c = choose(hash, cpu, queue);
      return c === null ? null : (socks[c.slot] ?? null);
    },
    owned: () => owned.slice(),
  };
}

/** `reuseport_select_sock_by_hash` without SO_INCOMING_CPU: the hash's slot. */
export const linuxHash: Select = ({ hash, socks }) => ({
  slot: reciprocalScale(hash, socks.length),
  scanned: 1,
  fallback: false,
});

/**
 * A cBPF program returning a number used as the index into `socks[]`
 * (`SO_ATTACH_REUSEPORT_CBPF`, `run_bpf_filter`); an index past the end makes
 * `reuseport_select_sock` fall back to hash selection.
 */
function cbpfIndex(index: (x: SelectInput) => number): Select {
  return (x) => {
    const i = index(x);
    if (i < x.socks.length) return { slot: i, scanned: 1, fallback: false };
    return { slot: reciprocalScale(x.hash, x.socks.length), scanned: 1, fallback: true };
  };
}

/** reuseport_bpf_cpu.c: `BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_CPU`, then return it. */
export const cbpfCpu: Select = cbpfIndex((x) => x.cpu);

/** ADQ's variant: `SKF_AD_OFF + SKF_AD_QUEUE`, the receive queue (`skb->queue_mapping`). */
export const cbpfQueue: Select = cbpfIndex((x) => x.queue);

/**
 * SO_INCOMING_CPU as Linux 6.12 selects (`reuseport_select_sock_by_hash` with
 * `reuse->incoming_cpu` set): from the hash's slot, the first member whose
 * `sk_incoming_cpu` is the CPU running the lookup; if none, the first valid one, which is
 * the hash's slot itself, as every member listens.
 */
export const incomingCpu: Select = ({ hash, cpu, socks, listeners }) => {
  const n = socks.length;
  const start = reciprocalScale(hash, n);
  for (let k = 0; k < n; k++) {
    const slot = (start + k) % n;
    if (listeners[socks[slot] ?? 0]?.home === cpu) return { slot, scanned: k + 1, fallback: false };
  }
  return { slot: start, scanned: n, fallback: true };
};

/**
 * DragonFly's inp_localgroup (commit 740d1d9f, 2013) uses the packet hash without the low
 * bits that pick the netisr CPU (`ncpus2_shift`): of a 16-bit hash, bits 15 to
 * `ncpus2_shift`.
 */
function dragonflyBits(hash: number, cpus: number): { value: number; range: number } {
  const shift = Math.floor(Math.log2(cpus));
  return { value: (hash & 0xffff) >>> shift, range: 2 ** (16 - shift) };
}

/** DragonFly with hash-threshold (RFC 2992): the hash range cut into n equal regions. */
export function dragonflyThreshold(cpus: number): Select {
  return ({ hash, socks }) => {
    const { value, range } = dragonflyBits(hash, cpus);
    return { slot: Math.floor((value * socks.length) / range), scanned: 1, fallback: false };
  };
}

/** DragonFly with modulo-N (RFC 2992's other method). */
export function dragonflyModulo(cpus: number): Select {
  return ({ hash, socks }) => ({
    slot: dragonflyBits(hash, cpus).value % socks.length,
    scanned: 1,
    fallback: false,
  });
}

/** FreeBSD SO_REUSEPORT_LB: `INP_PCBLBGROUP_PKTHASH(...) % il_inpcnt`. */
export const freebsdLb: Select = ({ hash, socks }) => ({
  slot: hash % socks.length,
  scanned: 1,
  fallback: false,
});
