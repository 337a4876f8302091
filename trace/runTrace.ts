import {
  POLICY_FILL_FIRST,
  POLICY_ROUND_ROBIN,
  type Action,
  type ConnId,
  type Event,
  type Outcome,
  type SockId,
} from '../model';
import {
  checkRun,
  PROPERTIES,
  type ModelApi,
  type Property,
  type Run,
  type Transition,
  type Violation,
} from '../properties';
import { DEFAULT_BACKLOG, type Expect, type TraceFile, type TraceStep } from './TraceFile';

/** The names a trace gives to the model's sockets and connections. */
export class Names {
  private readonly socks = new Map<string, SockId>();
  private readonly sockNames = new Map<SockId, string>();
  private readonly conns = new Map<string, ConnId>();
  private readonly connNames = new Map<ConnId, string>();

  /** Records that `name` is socket `id`. */
  nameSock(name: string, id: SockId): void {
    this.socks.set(name, id);
    this.sockNames.set(id, name);
  }

  /** Records that `name` is connection `id`. */
  nameConn(name: string, id: ConnId): void {
    this.conns.set(name, id);
    this.connNames.set(id, name);
  }

  /** The socket a name stands for (parseTrace made sure it was opened). */
  sock(name: string): SockId {
    return this.socks.get(name) ?? -1;
  }

  /** The connection a name stands for, or -1 when its SYN created none. */
  conn(name: string): ConnId {
    return this.conns.get(name) ?? -1;
  }

  /** A socket's name. */
  sockName(id: SockId): string {
    return this.sockNames.get(id) ?? `#${id}`;
  }

  /** A connection's name, or `#id` for one its SYN did not name. */
  connName(id: ConnId): string {
    return this.connNames.get(id) ?? `#${id}`;
  }
}

/** One line of `reuserps run`: the step's outcome with the trace's names. */
export interface StepReport {
  readonly step: number;
  readonly do: string;
  readonly ok: boolean;
  readonly errno?: string;
  readonly value?: unknown;
  readonly events?: readonly Record<string, unknown>[];
  readonly mismatch?: string;
}

/** What running a trace gave. */
export interface TraceRun {
  readonly reports: readonly StepReport[];
  readonly run: Run;
  readonly names: Names;
  /** The first property the run breaks, or null. */
  readonly violation: Violation | null;
  /** Steps whose `expect` did not hold. */
  readonly mismatches: readonly StepReport[];
}

/**
 * Runs a parsed trace through a model (the reference model, or a mutant), checks every
 * property over the run, and compares each step with its `expect`.
 */
export function runTrace(
  trace: TraceFile,
  model: ModelApi,
  properties: readonly Property[] = PROPERTIES,
): TraceRun {
  const config = {
    cpus: trace.cpus,
    migrateReq: trace.tcpMigrateReq ?? false,
    syncookies: trace.tcpSyncookies ?? false,
  };
  const initial = model.initialState(config);
  const names = new Names();
  const steps: Transition[] = [];
  const reports: StepReport[] = [];
  let s = initial;
  for (const [i, st] of trace.steps.entries()) {
    const action = toAction(st, names);
    const { state, outcome } = model.step(s, action);
    learnNames(st, outcome, names);
    steps.push({ before: s, action, outcome, after: state });
    const mismatch = st.expect === undefined ? null : compare(st.expect, outcome, names);
    reports.push({
      ...report(i, st.do, outcome, names),
      ...(mismatch === null ? {} : { mismatch }),
    });
    s = state;
  }
  const run: Run = { config, initial, steps };
  return {
    reports,
    run,
    names,
    violation: checkRun(properties, run, model),
    mismatches: reports.filter((r) => r.mismatch !== undefined),
  };
}

/** The model action a trace step stands for. */
function toAction(st: TraceStep, names: Names): Action {
  const sock = names.sock(st.sock ?? '');
  const conn = names.conn(st.conn ?? '');
  const cpu = st.cpu ?? 0;
  switch (st.do) {
    case 'socketOpen':
      return { type: 'socketOpen', uid: st.uid ?? 0, proto: st.proto ?? 'tcp' };
    case 'socketSetReuseport':
      return { type: 'socketSetReuseport', sock, on: st.on ?? true };
    case 'socketSetReuserps': {
      const policy =
        st.policy === 'fill-first'
          ? POLICY_FILL_FIRST
          : st.policy === 'round-robin' || st.policy === undefined
            ? POLICY_ROUND_ROBIN
            : st.policy;
      return {
        type: 'socketSetReuserps',
        sock,
        opt: { mask: st.mask ?? [], policy, limit: st.limit ?? 0 },
      };
    }
    case 'socketBind':
      return { type: 'socketBind', sock, port: st.port ?? 0 };
    case 'socketListen':
      return { type: 'socketListen', sock, backlog: st.backlog ?? DEFAULT_BACKLOG };
    case 'socketGetReuserps':
    case 'socketAttachProg':
    case 'socketClose':
    case 'socketShutdown':
    case 'listenerAccept':
      return { type: st.do, sock };
    case 'synArrive':
      return { type: 'synArrive', port: st.port ?? 0, cpu, hash: st.hash ?? 0 };
    case 'ackArrive':
    case 'synAckTimer':
      return { type: st.do, conn, cpu };
    case 'requestExpire':
    case 'connClose':
      return { type: st.do, conn };
    default:
      throw new RangeError(`unknown action ${st.do}`);
  }
}

/** Binds the names a step introduces to the ids the model gave. */
function learnNames(st: TraceStep, outcome: Outcome, names: Names): void {
  if (!outcome.ok) return;
  if (st.do === 'socketOpen' && outcome.sock !== undefined)
    names.nameSock(st.sock ?? '', outcome.sock);
  if (st.do === 'synArrive' && st.conn !== undefined) {
    for (const e of outcome.events) {
      if (e.kind === 'placed') names.nameConn(st.conn, e.conn);
      if (e.kind === 'cookieSent') names.nameConn(st.conn, e.cookie);
    }
  }
}

/** A step's line: its outcome, ids replaced by names. */
function report(step: number, kind: string, outcome: Outcome, names: Names): StepReport {
  if (!outcome.ok) return { step, do: kind, ok: false, errno: outcome.errno };
  const value = outcome.value === undefined ? {} : { value: namedValue(outcome.value) };
  const count = outcome.count === undefined ? {} : { count: outcome.count };
  return {
    step,
    do: kind,
    ok: true,
    ...value,
    ...count,
    events: outcome.events.map((e) => namedEvent(e, names)),
  };
}

function namedValue(v: Extract<Outcome, { ok: true }>['value']): unknown {
  if (v === null || v === undefined) return null;
  const policy =
    v.policy === POLICY_FILL_FIRST
      ? 'fill-first'
      : v.policy === POLICY_ROUND_ROBIN
        ? 'round-robin'
        : v.policy;
  return { mask: v.mask, policy, limit: v.limit };
}

/** An event with the trace's names for sockets and connections. */
function namedEvent(e: Event, names: Names): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'conn' || k === 'cookie') out[k] = names.connName(v as number);
    else if (['listener', 'from', 'to', 'owner'].includes(k))
      out[k] = v === null ? null : names.sockName(v as number);
    else out[k] = v;
  }
  return out;
}

/** Why an outcome does not match what the step expects, or null. */
function compare(x: Expect, outcome: Outcome, names: Names): string | null {
  if (!outcome.ok)
    return x.errno === outcome.errno
      ? null
      : `expected ${x.errno ?? 'success'}, got ${outcome.errno}`;
  if (x.errno !== undefined) return `expected ${x.errno}, got success`;
  const events = outcome.events;
  const taker = events.flatMap((e) =>
    e.kind === 'placed' || e.kind === 'established' || e.kind === 'accepted'
      ? [names.sockName(e.listener)]
      : [],
  );
  if (x.listener !== undefined && taker.at(-1) !== x.listener) {
    return `expected listener ${x.listener}, got ${taker.at(-1) ?? 'none'}`;
  }
  if (x.listenerOneOf !== undefined && !x.listenerOneOf.includes(taker.at(-1) ?? '')) {
    return `expected one of ${x.listenerOneOf.join(', ')}, got ${taker.at(-1) ?? 'none'}`;
  }
  const dropped = events.find((e) => e.kind === 'dropped');
  if (x.dropped !== undefined && (dropped?.kind !== 'dropped' || dropped.reason !== x.dropped)) {
    return `expected a drop (${x.dropped}), got ${dropped?.kind === 'dropped' ? dropped.reason : 'none'}`;
  }
  for (const [conn, to] of Object.entries(x.migrated ?? {})) {
    const m = events.find((e) => e.kind === 'migrated' && names.connName(e.conn) === conn);
    const got = m?.kind === 'migrated' ? names.sockName(m.to) : 'no migration';
    if (got !== to) return `expected ${conn} to migrate to ${to}, got ${got}`;
  }
  const accepted = events.find((e) => e.kind === 'accepted');
  const got = accepted?.kind === 'accepted' ? names.connName(accepted.conn) : 'none';
  if (x.accepted !== undefined && got !== x.accepted) {
    return `expected accept to return ${x.accepted}, got ${got}`;
  }
  const reset = events.flatMap((e) => (e.kind === 'reset' ? [names.connName(e.conn)] : []));
  if (x.reset !== undefined && reset.join() !== x.reset.join()) {
    return `expected resets [${x.reset.join(', ')}], got [${reset.join(', ')}]`;
  }
  return null;
}
