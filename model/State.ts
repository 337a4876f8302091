/**
 * The state of the modelled machine: sockets, SO_REUSEPORT groups with their SO_REUSERPS
 * per-CPU tables, and the connections the listeners own.
 *
 * Every value is immutable; an action returns a new state and never edits the old one.
 * Identifiers are small integers handed out in creation order, so that the same actions
 * always give the same identifiers.
 */

/** A socket, like a file descriptor: an index into {@link State.sockets}. */
export type SockId = number;
/** A connection (request, then child socket): the order of its creation. */
export type ConnId = number;
/** A SO_REUSEPORT group (`struct sock_reuseport`): the order of its allocation. */
export type GroupId = number;

/** `REUSERPS_POLICY_ROUND_ROBIN` in the uapi: each CPU's row is served in turn. */
export const POLICY_ROUND_ROBIN = 0;
/** `REUSERPS_POLICY_FILL_FIRST` in the uapi: the first listener of the row below its limit. */
export const POLICY_FILL_FIRST = 1;
/** A valid policy code. */
export type Policy = typeof POLICY_ROUND_ROBIN | typeof POLICY_FILL_FIRST;

/** The most listeners one CPU's row may hold; one more is `ENOSPC`. */
export const ROW_MAX = 128;

/** `net.core.somaxconn`: the cap on a listen backlog (`__sys_listen`). */
export const SOMAXCONN = 4096;

/** The first port `listen()` picks for a socket that was never bound (`inet_csk_get_port`). */
export const EPHEMERAL_PORT_MIN = 32768;

/** The value of `setsockopt(SO_REUSERPS)`: `struct reuserps_opt` with the mask as a CPU list. */
export interface ReuserpsOpt {
  /** The CPUs this listener registers for, ascending, each once (the bitmap's set bits). */
  readonly mask: readonly number[];
  /** A policy code; anything but {@link POLICY_ROUND_ROBIN} or {@link POLICY_FILL_FIRST} is `EINVAL`. */
  readonly policy: number;
  /** The most connections this listener may own at once; 0 means no limit. */
  readonly limit: number;
}

/** Where a socket is in its life: `shutdown()` takes a listener back to bound (or open). */
export type SockPhase = 'open' | 'bound' | 'listening' | 'closed';

/** A socket (`struct sock`) with the fields the option reads or writes. */
export interface Socket {
  /** Its own index in {@link State.sockets}. */
  readonly id: SockId;
  /** The owner's uid (`sock_i_uid`), fixed when the socket is created. */
  readonly uid: number;
  /** Transport: SO_REUSERPS is for TCP only. */
  readonly proto: 'tcp' | 'udp';
  /** Where the socket is in its life. */
  readonly phase: SockPhase;
  /** `sk_reuseport`: SO_REUSEPORT was set. */
  readonly reuseport: boolean;
  /** The SO_REUSERPS value last set, or null if it never was. */
  readonly rps: ReuserpsOpt | null;
  /** The bound local port, or null; the address is always the wildcard (abstracted). */
  readonly port: number | null;
  /** `SOCK_BINDPORT_LOCK`: bound by `bind()`, so `shutdown()` keeps the port. */
  readonly portLocked: boolean;
  /** `sk_max_ack_backlog`. */
  readonly backlog: number;
  /** `sk_reuseport_cb`: the group it is in, or the one it last left (migration looks there). */
  readonly group: GroupId | null;
  /** Connections this socket owns as a listener: requests, queued children, accepted ones. */
  readonly count: number;
  /** The accept queue, oldest first (`icsk_accept_queue`). */
  readonly acceptQueue: readonly ConnId[];
  /** A reuseport BPF program was attached through it and it has not listened since (`reuseport_attach_prog`). */
  readonly prog: boolean;
}

/** The SO_REUSERPS part of a group: one row of listeners per CPU. */
export interface Table {
  /** Fixed by the first listener. */
  readonly policy: Policy;
  /** `rows[c]`: the listeners registered for CPU c, in registration order, no holes. */
  readonly rows: readonly (readonly SockId[])[];
  /** `cursors[c]`: index in `rows[c]` where round-robin starts; only CPU c's softirq moves it. */
  readonly cursors: readonly number[];
}

/** A SO_REUSEPORT group (`struct sock_reuseport`) of listeners on one port. */
export interface Group {
  /** Its identity, which a listener that left keeps in {@link Socket.group}. */
  readonly id: GroupId;
  /** The port its listeners share. */
  readonly port: number;
  /** `socks[]`: listening members in Linux's order (hash selection; swap-with-last on leave). */
  readonly members: readonly SockId[];
  /** The SO_REUSERPS table, or null for a plain SO_REUSEPORT group. */
  readonly table: Table | null;
  /** `reuse->prog`: a reuseport BPF program chooses for this plain group (its choice is abstracted). */
  readonly prog: boolean;
}

/** A connection's phase: a request in SYN-RECV, a child in an accept queue, or accepted. */
export type ConnPhase = 'request' | 'queued' | 'accepted';

/** A connection from its SYN to its end; ended connections leave {@link State.conns}. */
export interface Conn {
  /** Its identity, in creation order. */
  readonly id: ConnId;
  /** The CPU that processed its latest packet (`sk_incoming_cpu`): its SYN, then the ACK that made its child (the model has no data segments). */
  readonly cpu: number;
  /** The flow hash of its 4-tuple (`sk_hash`), used by hash selection and migration. */
  readonly hash: number;
  /** The listener that counts it (`rsk_listener`, then the listener that accepted it). */
  readonly owner: SockId;
  /** Its phase. */
  readonly phase: ConnPhase;
}

/**
 * A SYN answered with a SYN cookie. The kernel keeps nothing of it (the peer holds the
 * cookie); the model keeps what the peer's ACK will carry, so that the ACK can name it.
 */
export interface Cookie {
  /** Its identity, from the connections' numbering: the connection its ACK makes keeps it. */
  readonly id: ConnId;
  /** The port the SYN was for. */
  readonly port: number;
  /** The flow hash of its 4-tuple. */
  readonly hash: number;
}

/** Event counters of the machine, like the `LINUX_MIB_*` counters. */
export interface Counters {
  /** SYNs dropped because every listener that could take them was at its limit. */
  readonly limitDrops: number;
  /** SYNs dropped by a full request or accept queue (`LINUX_MIB_LISTENOVERFLOWS`). */
  readonly overflows: number;
  /** SYNs that found no listener (answered with RST). */
  readonly noListener: number;
  /** SYNs and migrations placed by hash because their CPU's row was empty. */
  readonly fallbacks: number;
  /** Connections moved from a listener that stopped listening to another one. */
  readonly migrations: number;
  /** Connections reset because no listener could take them. */
  readonly resets: number;
  /** Requests that expired after their last SYN-ACK retransmission. */
  readonly expired: number;
}

/** The whole modelled machine. */
export interface State {
  /** `nr_cpu_ids`: CPUs are 0 to cpus - 1. */
  readonly cpus: number;
  /** `net.ipv4.tcp_migrate_req`: whether plain SO_REUSEPORT groups migrate. */
  readonly migrateReq: boolean;
  /** `net.ipv4.tcp_syncookies` = 2: every SYN is answered with a cookie and makes no request. */
  readonly syncookies: boolean;
  /** Every socket ever opened, indexed by its id (closed ones stay, as tombstones). */
  readonly sockets: readonly Socket[];
  /** Live groups (those with at least one listening member), by ascending id. */
  readonly groups: readonly Group[];
  /** Live connections, by ascending id. */
  readonly conns: readonly Conn[];
  /** SYN cookies whose ACK may still come, by ascending id. */
  readonly cookies: readonly Cookie[];
  /** The id the next connection gets. */
  readonly nextConn: ConnId;
  /** The id the next group gets. */
  readonly nextGroup: GroupId;
  /** Event counters. */
  readonly counters: Counters;
}

/** The machine settings a run starts from. */
export interface Config {
  /** CPU count, at least 1. */
  readonly cpus: number;
  /** `net.ipv4.tcp_migrate_req`; off by default, as in Linux. */
  readonly migrateReq?: boolean;
  /** `net.ipv4.tcp_syncookies` = 2 (cookies always); off by default (the model has no SYN flood). */
  readonly syncookies?: boolean;
}

/** The machine before any action: no sockets, no connections, counters at zero. */
export function initialState(config: Config): State {
  if (!Number.isInteger(config.cpus) || config.cpus < 1) {
    throw new RangeError(`cpus must be an integer of at least 1, got ${String(config.cpus)}`);
  }
  return {
    cpus: config.cpus,
    migrateReq: config.migrateReq ?? false,
    syncookies: config.syncookies ?? false,
    sockets: [],
    groups: [],
    conns: [],
    cookies: [],
    nextConn: 0,
    nextGroup: 0,
    counters: {
      limitDrops: 0,
      overflows: 0,
      noListener: 0,
      fallbacks: 0,
      migrations: 0,
      resets: 0,
      expired: 0,
    },
  };
}
