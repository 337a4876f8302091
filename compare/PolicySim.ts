/**
 * Where a SYN went under one policy: the listener that got its request (a workload
 * listener index), or null when it was dropped.
 */
export interface Placement {
  readonly listener: number | null;
  /** Why it was dropped: every listener that could take it was at its limit, or none listens. */
  readonly drop: 'limit' | 'noListener' | null;
  /** Entries the selection looked at: slots of `socks[]`, or of a SO_REUSERPS row. */
  readonly scanned: number;
  /** The policy's first choice did not apply and it fell back (to hash selection, or to any listener). */
  readonly fallback: boolean;
}

/** What happened to connections when a listener stopped listening, or at an ACK after it. */
export interface Moves {
  /** Connections that moved to another listener: [flow, listener]. */
  readonly migrated: readonly (readonly [number, number])[];
  /** Connections reset. */
  readonly reset: readonly number[];
}

/**
 * One policy, run over a workload: the compared systems behind one interface. Listeners
 * and flows are the workload's indices. Calls come in the workload's order; each one
 * changes the simulated machine, except `peek`.
 */
export interface PolicySim {
  /** A SYN of `flow` processed on `cpu`, received on NIC queue `queue`. */
  syn(flow: number, hash: number, cpu: number, queue: number): Placement;
  /** The last ACK of `flow`'s handshake, on `cpu`: its request becomes a child, or moves. */
  ack(flow: number, cpu: number): Moves;
  /** `flow`'s listener accepts it. */
  accept(flow: number): void;
  /** `flow` ends, wherever it is. */
  end(flow: number): void;
  /** The listener closes its socket. */
  close(listener: number): Moves;
  /** The listener listens again, on a new socket. */
  listen(listener: number): void;
  /** Where a SYN would go now, without changing anything. */
  peek(hash: number, cpu: number, queue: number): number | null;
  /** Live connections each listener owns (requests, queued children, accepted ones). */
  owned(): readonly number[];
}
