/**
 * # SO_REUSERPS: the reference model
 *
 * A state machine of one host's TCP listeners, read as the specification of SO_REUSERPS:
 * a socket option that gives each listener of a SO_REUSEPORT group a CPU mask, a policy and
 * a connection limit, and hands each new connection to a listener registered for the CPU
 * that processed its SYN. The decided semantics are in docs/semantics.md; where that page is
 * silent the model follows Linux 6.12, and every action names the kernel function it
 * specifies.
 *
 * ## Modelled
 * - Sockets with a uid and a transport; SO_REUSEPORT; SO_REUSERPS set, read and updated in
 *   place on a listener; `bind()` with Linux's sharing rule; `listen()` with a backlog.
 * - SO_REUSEPORT groups forming at `listen()`, plain (hash selection, Linux's swap-with-last
 *   `socks[]`) or SO_REUSERPS (the first listener decides), and the per-CPU table: rows in
 *   registration order, compacted in order, a round-robin cursor per CPU, fill-first,
 *   limits, hash fallback for an empty row, drop when a row is full up.
 * - The TCP life of a connection: SYN, request in SYN-RECV, final ACK, accept queue,
 *   `accept()`, close before or after `accept()`, SYN-ACK timer, expiry, peer reset.
 * - Closing or shutting down a listener: accept-queue children migrate at once, requests at
 *   their ACK or timer; a plain group migrates only with `net.ipv4.tcp_migrate_req`.
 * - Per-listener counts of owned connections, and counters (`State.counters`).
 * - SYN cookies always on (`net.ipv4.tcp_syncookies` = 2, a run's setting): a SYN is
 *   answered with a cookie and leaves nothing; the ACK that returns it looks the listener
 *   up again on its own CPU, and its child counts from then on, or the ACK is dropped at
 *   the limit.
 * - Reuseport BPF programs, only as far as SO_REUSERPS refuses them (`EBUSY`, both orders).
 *
 * ## Abstracted
 * - RCU, `reuseport_lock` and BH locks: each action is atomic. The patch's locking makes its
 *   readers see either the table before an update or after it, which this atomicity models.
 * - What a reuseport BPF program chooses: a plain group with a program chooses by hash in
 *   the model; the patch leaves that path unchanged. Detaching a program
 *   (`SO_DETACH_REUSEPORT_BPF`) is not modelled; the kernel selftest checks that a socket
 *   whose program was detached before `listen()` listens with SO_REUSERPS.
 * - Addresses and families: every socket binds the wildcard address of one family; the CPU
 *   that processes a packet and the flow hash come with the packet action, as the NIC's RSS,
 *   RPS and the kernel's keyed hash would decide them.
 * - SYN cookies only when the request queue is full (`tcp_syncookies` = 1), a cookie's age,
 *   SO_REUSEADDR, TIME-WAIT, TCP Fast Open, `defer_accept`, retransmission counting (a timer
 *   either retransmits or, as `requestExpire`, ends the request). The patch counts a Fast
 *   Open child from its SYN, as a request would be counted; the kernel selftest checks it.
 *
 * ## Shape
 * `initialState(config)` and `step(state, action)`, which returns the next state and an
 * outcome: `{ ok: false, errno }` for a failed call (the state is unchanged), or
 * `{ ok: true, events }` listing what happened, in order.
 */
export { ACTION_TYPES, type Action, type ActionType } from './Action';
export type { DropReason, Errno, Event, MigrationPoint, Outcome, Result, Via } from './Outcome';
export {
  EPHEMERAL_PORT_MIN,
  POLICY_FILL_FIRST,
  POLICY_ROUND_ROBIN,
  ROW_MAX,
  SOMAXCONN,
  initialState,
  type Config,
  type Conn,
  type ConnId,
  type ConnPhase,
  type Cookie,
  type Counters,
  type Group,
  type GroupId,
  type Policy,
  type ReuserpsOpt,
  type Socket,
  type SockId,
  type SockPhase,
  type State,
  type Table,
} from './State';
export { reciprocalScale } from './chooseListener';
export { step } from './step';
