import type { Action, Config } from '../model';

/**
 * A trace the kernel can run: the model's actions, except that an ACK or a reset names its
 * connection by the ordinal of its SYN in the trace (the kernel has no connection ids; the
 * executor gives each SYN its own peer port). Replaying it through a model maps each
 * ordinal to the connection that model created, so the same trace runs on mutants too.
 */
export interface KernelTrace {
  /** Its number in the run, which the executor echoes on every line. */
  readonly id: number;
  /** The machine: always the guest's CPU count. */
  readonly config: Config;
  /** The steps, connections named by SYN ordinal. */
  readonly actions: readonly Action[];
}

/** The CPUs of the guest that runs the traces (`qemu -smp 4`). */
export const GUEST_CPUS = 4;
