import {
  POLICY_FILL_FIRST,
  POLICY_ROUND_ROBIN,
  type Action,
  type Policy,
  type SockId,
  type State,
} from '../model';
import type { ModelApi, Transition } from '../properties';

/** The port every explored listener binds. */
export const EXPLORE_PORT = 8080;
/** The uid of the listeners; the intruder has another one. */
const UID = 1000;
const INTRUDER_UID = 1001;

/**
 * A bounded configuration to explore. The explored system is: `listeners` TCP sockets of
 * one uid, each with SO_REUSEPORT and SO_REUSERPS (its mask, `policy`, `limit`) set and
 * bound to one port, but not yet listening; and one socket of another uid that may try to
 * bind the same port. From there every action below may happen, in any order:
 * - a socket listens (the intruder only once bound), shuts down (back to bound), closes;
 *   a listener accepts the head of its queue;
 * - with `remask`, a socket sets another mask (every non-empty set of CPUs);
 * - while fewer than `conns` connections live, a SYN arrives on any CPU with any of
 *   `hashes` flow hashes;
 * - a request's ACK arrives on any CPU; its SYN-ACK timer fires on any CPU once its
 *   listener stopped listening (before that the timer changes nothing); it expires;
 * - any connection ends;
 * - with `syncookies`, every SYN is answered with a cookie (`net.ipv4.tcp_syncookies` = 2),
 *   which counts toward `conns` until its ACK, on any CPU, makes its connection;
 * - with `progs`, the intruder has no SO_REUSERPS to start with, any socket may try to
 *   attach a reuseport BPF program, and the intruder may set SO_REUSERPS (every CPU): the
 *   two refusals, in both orders.
 */
export interface ExploreConfig {
  /** `nr_cpu_ids` of the explored machine. */
  readonly cpus: number;
  /** How many listeners of the group's uid there are. */
  readonly listeners: number;
  /** Every listener's SO_REUSERPS limit (0: none). */
  readonly limit: number;
  /** The group's policy, which every socket asks for. */
  readonly policy: Policy;
  /** The most live connections at once. */
  readonly conns: number;
  /** Listener masks: `spread` registers listener i for CPU i mod cpus, `all` for every CPU. */
  readonly masks: 'spread' | 'all';
  /** How many distinct flow hashes a SYN may carry (they matter for fallback and migration). */
  readonly hashes: number;
  /** The listen backlog, small so that full queues are explored too. */
  readonly backlog: number;
  /** Whether sockets may change their mask (`setsockopt` on a bound or listening socket). */
  readonly remask: boolean;
  /** Whether SYN cookies answer every SYN. */
  readonly syncookies?: boolean;
  /** Whether reuseport BPF programs are tried (see above). */
  readonly progs?: boolean;
}

/** The defaults of `reuserps explore`. */
export const EXPLORE_DEFAULTS: Omit<ExploreConfig, 'cpus' | 'listeners' | 'limit' | 'policy'> = {
  conns: 2,
  masks: 'spread',
  hashes: 2,
  backlog: 1,
  remask: false,
};

/** The policy named on the command line. */
export function policyOf(name: string): Policy | null {
  return name === 'round-robin'
    ? POLICY_ROUND_ROBIN
    : name === 'fill-first'
      ? POLICY_FILL_FIRST
      : null;
}

/** The mask listener `i` starts with. */
function maskOf(cfg: ExploreConfig, i: number): number[] {
  const all = Array.from({ length: cfg.cpus }, (_, c) => c);
  return cfg.masks === 'all' ? all : [i % cfg.cpus];
}

/** The intruder is the last socket. */
const intruder = (cfg: ExploreConfig): SockId => cfg.listeners;

/**
 * The steps from the model's initial state to the explored system's initial state, and
 * that state. Throws if a setup step fails: the configuration is impossible.
 */
export function setUp(cfg: ExploreConfig, model: ModelApi): { steps: Transition[]; state: State } {
  const actions: Action[] = [];
  const configure = (sock: SockId, mask: number[]): void => {
    actions.push({ type: 'socketSetReuseport', sock, on: true });
    actions.push({
      type: 'socketSetReuserps',
      sock,
      opt: { mask, policy: cfg.policy, limit: cfg.limit },
    });
  };
  for (let i = 0; i < cfg.listeners; i++) {
    actions.push({ type: 'socketOpen', uid: UID, proto: 'tcp' });
    configure(i, maskOf(cfg, i));
    actions.push({ type: 'socketBind', sock: i, port: EXPLORE_PORT });
  }
  actions.push({ type: 'socketOpen', uid: INTRUDER_UID, proto: 'tcp' });
  // Every CPU, so that the intruder does not tell CPUs apart (symmetry).
  if (cfg.progs === true)
    actions.push({ type: 'socketSetReuseport', sock: intruder(cfg), on: true });
  else configure(intruder(cfg), allCpus(cfg));
  let state = model.initialState({ cpus: cfg.cpus, syncookies: cfg.syncookies ?? false });
  const steps: Transition[] = [];
  for (const action of actions) {
    const { state: after, outcome } = model.step(state, action);
    if (!outcome.ok)
      throw new RangeError(`setting up: ${action.type} failed with ${outcome.errno}`);
    steps.push({ before: state, action, outcome, after });
    state = after;
  }
  return { steps, state };
}

/** Every CPU of the machine. */
function allCpus(cfg: ExploreConfig): number[] {
  return Array.from({ length: cfg.cpus }, (_, c) => c);
}

/** Every non-empty set of CPUs, as sorted lists. */
function allMasks(cpus: number): number[][] {
  const out: number[][] = [];
  for (let bits = 1; bits < 1 << cpus; bits++) {
    out.push(Array.from({ length: cpus }, (_, c) => c).filter((c) => bits & (1 << c)));
  }
  return out;
}

/** The flow hashes a SYN may carry: spread over the 32-bit range. */
function hashesOf(cfg: ExploreConfig): number[] {
  return Array.from({ length: cfg.hashes }, (_, i) =>
    Math.floor(((i + 0.5) * 2 ** 32) / cfg.hashes),
  );
}

/** The actions of the explored system in state `s`. */
export function actionsOf(cfg: ExploreConfig): (s: State) => Action[] {
  const hashes = hashesOf(cfg);
  const masks = allMasks(cfg.cpus);
  const cpus = Array.from({ length: cfg.cpus }, (_, c) => c);
  return (s) => {
    const out: Action[] = [];
    for (const sock of s.sockets) {
      const id = sock.id;
      if (sock.phase === 'closed') continue;
      if (cfg.progs === true) {
        out.push({ type: 'socketAttachProg', sock: id });
        if (id === intruder(cfg) && sock.rps === null) {
          const opt = { mask: allCpus(cfg), policy: cfg.policy, limit: cfg.limit };
          out.push({ type: 'socketSetReuserps', sock: id, opt });
        }
      }
      if (id === intruder(cfg) && sock.phase === 'open') {
        out.push({ type: 'socketBind', sock: id, port: EXPLORE_PORT });
        continue;
      }
      if (sock.phase === 'bound')
        out.push({ type: 'socketListen', sock: id, backlog: cfg.backlog });
      if (sock.phase === 'listening') {
        out.push({ type: 'socketShutdown', sock: id });
        if (sock.acceptQueue.length > 0) out.push({ type: 'listenerAccept', sock: id });
      }
      out.push({ type: 'socketClose', sock: id });
      if (cfg.remask && sock.rps !== null) {
        for (const mask of masks) {
          if (mask.join() !== sock.rps.mask.join()) {
            out.push({ type: 'socketSetReuserps', sock: id, opt: { ...sock.rps, mask } });
          }
        }
      }
    }
    for (const k of s.cookies)
      for (const cpu of cpus) out.push({ type: 'ackArrive', conn: k.id, cpu });
    if (s.conns.length + s.cookies.length < cfg.conns) {
      for (const cpu of cpus) {
        for (const hash of hashes) out.push({ type: 'synArrive', port: EXPLORE_PORT, cpu, hash });
      }
    }
    for (const c of s.conns) {
      if (c.phase === 'request') {
        for (const cpu of cpus) out.push({ type: 'ackArrive', conn: c.id, cpu });
        if (s.sockets[c.owner]?.phase !== 'listening') {
          for (const cpu of cpus) out.push({ type: 'synAckTimer', conn: c.id, cpu });
        }
        out.push({ type: 'requestExpire', conn: c.id });
      }
      out.push({ type: 'connClose', conn: c.id });
    }
    return out;
  };
}
