import type {
  Action,
  Config,
  Conn,
  Group,
  GroupId,
  Outcome,
  Result,
  SockId,
  Socket,
  State,
} from '../model';

/** One step of a run: the state before, the action, what it returned, the state after. */
export interface Transition {
  readonly before: State;
  readonly action: Action;
  readonly outcome: Outcome;
  readonly after: State;
}

/** A run of the model from its initial state. */
export interface Run {
  readonly config: Config;
  readonly initial: State;
  readonly steps: readonly Transition[];
}

/** What a property needs of a model: the real one, or a mutant. */
export interface ModelApi {
  readonly initialState: (config: Config) => State;
  readonly step: (s: State, a: Action) => Result;
}

/**
 * A named property of the option, with its prose. It is checked in every state, on every
 * transition, or over a whole run, whichever of `state`, `step` and `run` it has; each
 * returns why the property fails, or null.
 */
export interface Property {
  /** The property's name, as used in reports, tests and the C harness. */
  readonly name: string;
  /** One or two sentences that say what must hold. */
  readonly prose: string;
  /** Checked in every state of a run, the initial one included. */
  readonly state?: (s: State) => string | null;
  /** Checked on every transition. */
  readonly step?: (t: Transition) => string | null;
  /** Checked once over a whole run; may run the model again. */
  readonly run?: (r: Run, model: ModelApi) => string | null;
  /**
   * The run check as a monitor that walks a run one transition at a time, so that the
   * explorer can carry what it remembers along every path (its memory is part of the
   * explored state). A property with `run` and no `monitor` cannot be explored.
   */
  readonly monitor?: Monitor;
}

/**
 * What a monitor remembers of the path so far: lists of listeners, each for a group and a
 * CPU, so that the explorer can rename them along with the state's sockets, groups and CPUs.
 */
export interface Memory {
  readonly group: GroupId;
  readonly cpu: number;
  readonly socks: readonly SockId[];
}

/** A run property as a monitor: from what it remembers and one more transition. */
export interface Monitor {
  /** The memory after `t`, or why the property fails at `t`. */
  readonly next: (
    memory: readonly Memory[],
    t: Transition,
    model: ModelApi,
  ) => readonly Memory[] | string;
}

/** Walks a monitor over a whole run: the `run` check of a property that has a monitor. */
export function runMonitor(monitor: Monitor, r: Run, model: ModelApi): string | null {
  let memory: readonly Memory[] = [];
  for (const [i, t] of r.steps.entries()) {
    const next = monitor.next(memory, t, model);
    if (typeof next === 'string') return `step ${i}: ${next}`;
    memory = next;
  }
  return null;
}

/**
 * The listeners group `g` chooses from for a connection on `cpu`: that CPU's row, or every
 * member when the row is empty (hash fallback, and any plain group).
 */
export function candidatesOn(g: Group, cpu: number): readonly SockId[] {
  const row = g.table?.rows[cpu] ?? [];
  return row.length > 0 ? row : g.members;
}

/** Whether a listener may own one more connection, as docs/semantics.md defines a limit. */
export function hasRoom(sock: Socket, count: number = sock.count): boolean {
  const limit = sock.rps?.limit ?? 0;
  return limit === 0 || count < limit;
}

/**
 * The first group of `after` whose cursors differ from what `before` had (a group that
 * was not there counts as moved), or null: a step that creates nothing must move none.
 */
export function movedCursors(before: State, after: State): GroupId | null {
  for (const g of after.groups) {
    const old = before.groups.find((o) => o.id === g.id);
    if (old?.table?.cursors.join() !== g.table?.cursors.join()) return g.id;
  }
  return null;
}

/** The group that socket `id` is a listening member of in `s`, if any. */
export function groupWith(s: State, id: SockId): Group | undefined {
  return s.groups.find((g) => g.members.includes(id));
}

/** Whether socket `id` of `s` exists and may own one more connection. */
export function roomIn(s: State, id: SockId): boolean {
  const sock = s.sockets[id];
  return sock !== undefined && hasRoom(sock);
}

/**
 * The connections a transition gave a listener: each new one, and each whose owner
 * changed, with what it was before (undefined for a new one).
 */
export function newOwners({ before, after }: Transition): { conn: Conn; was: Conn | undefined }[] {
  const out: { conn: Conn; was: Conn | undefined }[] = [];
  for (const conn of after.conns) {
    const was = before.conns.find((b) => b.id === conn.id);
    if (was === undefined || was.owner !== conn.owner) out.push({ conn, was });
  }
  return out;
}

/**
 * The CPU whose choice gave a connection its listener, read from the action: a SYN's, an
 * ACK's or a timer's own CPU (`raw_smp_processor_id()` in the softirq or timer), and for a
 * child that migrates when its listener closes, the child's own CPU before the close
 * (`sk_incoming_cpu`); null where no CPU chose.
 */
export function choosingCpu({ action }: Transition, was: Conn | undefined): number | null {
  if (action.type === 'synArrive' || action.type === 'ackArrive' || action.type === 'synAckTimer')
    return action.cpu;
  if (action.type === 'socketClose' || action.type === 'socketShutdown') return was?.cpu ?? null;
  return null;
}
