import type { Conn, ConnId, Counters, Event, Socket, State } from '../model';
import {
  candidatesOn,
  choosingCpu,
  groupWith,
  hasRoom,
  type Property,
  type Transition,
} from './Property';

/**
 * outcomeMatchesStates: what an action returns is true of the states before and after it.
 * Every event names what the states show (a connection placed, migrated, reset, made a
 * child, accepted or ended, on the CPU that did it, by the way its group chooses; an ACK
 * or a timer that changed nothing), every connection that appears, moves, advances or
 * ends is reported exactly once, the counters rise by exactly what happened, and a value
 * read back (`getsockopt`, a new socket) is the state's. So the model's account, which the
 * trace runner, the vectors and the kernel differential read, cannot drift from its state.
 */
export const outcomeMatchesStates: Property = {
  name: 'outcomeMatchesStates',
  prose:
    'What an action returns is true of the states: each event names a change the states show, each connection that appears, moves, advances or ends is reported once, the counters rise by what happened, and values read back are the state’s.',
  step(t) {
    const { before, outcome, after } = t;
    // A failure leaves the state as it was: the model returns the very same state.
    if (!outcome.ok)
      return before === after ? null : `failed with ${outcome.errno} but changed the state`;
    for (const e of outcome.events) {
      const wrong = checkEvent(t, e);
      if (wrong !== null) return `${e.kind}: ${wrong}`;
    }
    return unreported(t, outcome.events) ?? countersWrong(t, outcome.events) ?? valueWrong(t);
  },
};

const connIn = (s: State, id: ConnId): Conn | undefined => s.conns.find((c) => c.id === id);

/** Whether `id` was handed out by this step, in creation order (`State.nextConn`). */
function newId({ before, after }: Transition, id: ConnId): boolean {
  return id >= before.nextConn && id < after.nextConn;
}

/** How a listener of `before` is reached on `cpu`: its row, a hash, or as the port's only one. */
function viaOf(before: State, listener: number, cpu: number): 'row' | 'hash' | 'only' {
  const g = groupWith(before, listener);
  if (g === undefined) return 'only';
  return g.table !== null && (g.table.rows[cpu] ?? []).length > 0 ? 'row' : 'hash';
}

/** Where a connection leaves a listener that stopped listening: which action moved it. */
function pointOf({ action }: Transition): 'close' | 'ack' | 'timer' | null {
  if (action.type === 'socketClose' || action.type === 'socketShutdown') return 'close';
  if (action.type === 'ackArrive') return 'ack';
  if (action.type === 'synAckTimer') return 'timer';
  return null;
}

/** Why an event is not true of the transition, or null. */
function checkEvent(t: Transition, e: Event): string | null {
  const { before, action, after } = t;
  const acting = 'cpu' in action ? action.cpu : null;
  switch (e.kind) {
    case 'placed': {
      // A SYN's request, or the child a SYN cookie's ACK makes at once.
      const c = connIn(after, e.conn);
      const cookie = action.type === 'ackArrive' && before.cookies.some((k) => k.id === e.conn);
      const phase = action.type === 'synArrive' ? 'request' : cookie ? 'queued' : null;
      if (phase === null || connIn(before, e.conn) !== undefined) return 'not a new connection';
      if (action.type === 'synArrive' && !newId(t, e.conn)) return `id ${e.conn} was not the next`;
      if (c?.owner !== e.listener || c.phase !== phase || c.cpu !== acting || e.cpu !== acting)
        return `conn ${e.conn} is not a ${phase} of ${e.listener} on cpu ${acting}`;
      if (phase === 'request' && !queuesHadRoom(before, e.listener)) return 'its listener was full';
      return e.via === viaOf(before, e.listener, e.cpu) ? null : `via ${e.via}`;
    }
    case 'dropped':
      return droppedWrong(t, e);
    case 'migrated': {
      const was = connIn(before, e.conn);
      const now = connIn(after, e.conn);
      if (was?.owner !== e.from || now?.owner !== e.to || e.from === e.to)
        return `conn ${e.conn} did not move from ${e.from} to ${e.to}`;
      if (e.at !== pointOf(t) || e.cpu !== choosingCpu(t, connIn(t.before, e.conn)))
        return `at ${e.at} on cpu ${e.cpu}`;
      // The group as the move left it: a closing listener has left its rows.
      return e.via === viaOf(after, e.to, e.cpu) ? null : `via ${e.via}`;
    }
    case 'reset': {
      const was = connIn(before, e.conn);
      if (was?.owner !== e.from || connIn(after, e.conn) !== undefined)
        return `conn ${e.conn} of ${e.from} still lives`;
      if (after.sockets[e.from]?.phase === 'listening')
        return `its listener ${e.from} still listens`;
      return e.at === pointOf(t) && e.cpu === choosingCpu(t, connIn(t.before, e.conn))
        ? null
        : `at ${e.at} on cpu ${e.cpu}`;
    }
    case 'cookieSent': {
      const fresh =
        after.cookies.some((k) => k.id === e.cookie) &&
        !before.cookies.some((k) => k.id === e.cookie);
      const l = before.sockets[e.listener];
      if (!fresh || !newId(t, e.cookie) || !before.syncookies || e.cpu !== acting)
        return `no new cookie ${e.cookie} on cpu ${acting}`;
      return l?.phase === 'listening' && action.type === 'synArrive' && l.port === action.port
        ? null
        : `listener ${e.listener}`;
    }
    case 'established': {
      const c = connIn(after, e.conn);
      const was = connIn(before, e.conn);
      const fromCookie = was === undefined && before.cookies.some((k) => k.id === e.conn);
      if (
        action.type !== 'ackArrive' ||
        action.conn !== e.conn ||
        !(fromCookie || was?.phase === 'request')
      )
        return `conn ${e.conn} was not a request or cookie acknowledged`;
      if (c?.phase !== 'queued' || c.owner !== e.listener || c.cpu !== action.cpu)
        return `conn ${e.conn} is not a child of ${e.listener}`;
      if (!queuesHadRoom(before, e.listener, true)) return 'its accept queue was full';
      return after.sockets[e.listener]?.acceptQueue.slice(-1)[0] === e.conn
        ? null
        : 'not at the end of its queue';
    }
    case 'ackDropped': {
      const was = connIn(before, e.conn);
      const now = connIn(after, e.conn);
      const l = before.sockets[e.listener];
      if (action.type !== 'ackArrive' || action.conn !== e.conn) return 'not the ACK of its conn';
      if (was?.phase !== 'request' || now?.phase !== 'request' || now.owner !== was.owner)
        return `conn ${e.conn} changed`;
      return l !== undefined && l.acceptQueue.length > l.backlog
        ? null
        : `listener ${e.listener}'s queue has room`;
    }
    case 'retransmitted': {
      const was = connIn(before, e.conn);
      if (action.type !== 'synAckTimer' || action.conn !== e.conn || was?.owner !== e.listener)
        return 'not the timer of its conn';
      return before.sockets[e.listener]?.phase === 'listening' && after === before
        ? null
        : 'its listener stopped listening';
    }
    case 'accepted': {
      const was = connIn(before, e.conn);
      const now = connIn(after, e.conn);
      if (action.type !== 'listenerAccept' || action.sock !== e.listener)
        return 'not an accept on its listener';
      return was?.phase === 'queued' && now?.phase === 'accepted' && now.owner === e.listener
        ? null
        : `conn ${e.conn} was not queued`;
    }
    case 'ended': {
      const was = connIn(before, e.conn);
      if (was?.owner !== e.owner || connIn(after, e.conn) !== undefined)
        return `conn ${e.conn} of ${e.owner} did not end`;
      const how =
        action.type === 'requestExpire'
          ? 'expired'
          : action.type === 'connClose'
            ? was.phase === 'request'
              ? 'peerReset'
              : 'closed'
            : null;
      return e.how === how ? null : `how ${e.how}`;
    }
    default:
      return 'an unknown event';
  }
}

/** The requests in SYN-RECV that listener `id` owns. */
function requestsOf(s: State, id: number): number {
  return s.conns.filter((c) => c.owner === id && c.phase === 'request').length;
}

/**
 * Whether a listener could take one more: its accept queue holds no more than its backlog
 * (`sk_acceptq_is_full`) and, for a SYN without cookies, so does its request queue
 * (`inet_csk_reqsk_queue_is_full`).
 */
function queuesHadRoom(before: State, listener: number, acceptOnly = false): boolean {
  const l = before.sockets[listener];
  if (l === undefined || l.acceptQueue.length > l.backlog) return false;
  return acceptOnly || before.syncookies || requestsOf(before, l.id) <= l.backlog;
}

/** The port a SYN, or a SYN cookie's ACK, looks a listener up on; undefined for other actions. */
function lookedUpPort({ action, before }: Transition): number | undefined {
  if (action.type === 'synArrive') return action.port;
  if (action.type !== 'ackArrive') return undefined;
  return before.cookies.find((k) => k.id === action.conn)?.port;
}

/** Why a dropped SYN or cookie ACK is not what the states show, or null. */
function droppedWrong(t: Transition, e: Extract<Event, { kind: 'dropped' }>): string | null {
  const { before, action, after } = t;
  const port = lookedUpPort(t);
  if (port === undefined || !('cpu' in action) || e.cpu !== action.cpu)
    return 'not a SYN or cookie ACK on its cpu';
  if (after.conns.length > before.conns.length) return 'a connection was made';
  if (action.type === 'ackArrive') {
    // A cookie ACK answered with RST ends the cookie; one dropped leaves it with the peer.
    const kept = after.cookies.some((k) => k.id === action.conn);
    if (kept === (e.reason === 'noListener')) return `the cookie is ${kept ? 'kept' : 'gone'}`;
  }
  const listening = before.sockets.filter(
    (k) => k.phase === 'listening' && k.proto === 'tcp' && k.port === port,
  );
  if (e.reason === 'noListener')
    return listening.length === 0 && e.listener === null ? null : 'a listener was there';
  const g = before.groups.find((x) => x.port === port);
  const full =
    g !== undefined &&
    candidatesOn(g, e.cpu).every(
      (id) => before.sockets[id] !== undefined && !hasRoom(before.sockets[id]),
    );
  if (e.reason === 'limit') return full && e.listener === null ? null : 'a listener had room';
  const l = e.listener === null ? undefined : before.sockets[e.listener];
  if (l === undefined || !listening.includes(l))
    return `listener ${e.listener} does not listen on the port`;
  const requests = requestsOf(before, l.id);
  const ok =
    e.reason === 'acceptQueueFull'
      ? l.acceptQueue.length > l.backlog
      : requests > l.backlog && !before.syncookies;
  return ok ? null : `listener ${l.id}'s queue has room`;
}

/** The connection or cookie an event is about, if any. */
function connOfEvent(e: Event): ConnId | null {
  return 'conn' in e ? e.conn : e.kind === 'cookieSent' ? e.cookie : null;
}

/**
 * The event an ACK or a SYN-ACK timer owes when its request stays a request of the same
 * listener: `ackDropped` (a full accept queue) or `retransmitted`; null otherwise.
 */
function silentPacket({ before, action, after }: Transition): {
  kind: 'ackDropped' | 'retransmitted';
  conn: ConnId;
} | null {
  if (action.type !== 'ackArrive' && action.type !== 'synAckTimer') return null;
  const was = connIn(before, action.conn);
  const now = connIn(after, action.conn);
  if (was?.phase !== 'request' || now?.phase !== 'request' || now.owner !== was.owner) return null;
  return { kind: action.type === 'ackArrive' ? 'ackDropped' : 'retransmitted', conn: action.conn };
}

/** Each change of a connection and the event kinds that report it. */
function unreported(t: Transition, events: readonly Event[]): string | null {
  const { before, after } = t;
  const told = (kind: Event['kind'], conn: ConnId): number =>
    events.filter((e) => e.kind === kind && connOfEvent(e) === conn).length;
  const needs: [Event['kind'], ConnId][] = [];
  for (const c of after.conns) {
    const was = connIn(before, c.id);
    if (was === undefined) {
      needs.push(['placed', c.id]);
      if (c.phase === 'queued') needs.push(['established', c.id]);
    } else {
      if (was.owner !== c.owner) needs.push(['migrated', c.id]);
      if (was.phase !== c.phase)
        needs.push([c.phase === 'queued' ? 'established' : 'accepted', c.id]);
    }
  }
  for (const c of before.conns)
    if (connIn(after, c.id) === undefined)
      needs.push([told('reset', c.id) > 0 ? 'reset' : 'ended', c.id]);
  for (const k of after.cookies)
    if (!before.cookies.some((o) => o.id === k.id)) needs.push(['cookieSent', k.id]);
  // An ACK or a timer that leaves its request as it was still says so.
  const stayed = silentPacket(t);
  if (stayed !== null && told(stayed.kind, stayed.conn) !== 1)
    return `conn ${stayed.conn}: ${told(stayed.kind, stayed.conn)} ${stayed.kind} events`;
  for (const [kind, conn] of needs)
    if (told(kind, conn) !== 1) return `conn ${conn}: ${told(kind, conn)} ${kind} events`;
  const changes = events.filter(
    (e) => !['dropped', 'ackDropped', 'retransmitted'].includes(e.kind),
  ).length;
  return changes === needs.length ? null : `${changes} events for ${needs.length} changes`;
}

/** The counters that events account for, and the events each one counts. */
const COUNTED: [keyof Counters, (e: Event) => boolean][] = [
  ['migrations', (e) => e.kind === 'migrated'],
  ['resets', (e) => e.kind === 'reset'],
  ['expired', (e) => e.kind === 'ended' && e.how === 'expired'],
  ['limitDrops', (e) => e.kind === 'dropped' && e.reason === 'limit'],
  ['noListener', (e) => e.kind === 'dropped' && e.reason === 'noListener'],
  [
    'overflows',
    (e) => e.kind === 'dropped' && (e.reason === 'synQueueFull' || e.reason === 'acceptQueueFull'),
  ],
];

/**
 * The hash fallbacks of a transition: a SYN's or a cookie ACK's lookup in a SO_REUSERPS
 * group whose row for its CPU is empty (counted at the lookup, whatever happens next), and
 * each connection that migrates by hash into a SO_REUSERPS group.
 */
function fallbacks(t: Transition, events: readonly Event[]): number {
  const { before, action } = t;
  const port = lookedUpPort(t);
  const g = port === undefined ? undefined : before.groups.find((x) => x.port === port);
  const looked =
    g?.table != null && 'cpu' in action && (g.table.rows[action.cpu] ?? []).length === 0;
  const moved = events.filter(
    (e) => e.kind === 'migrated' && e.via === 'hash' && groupWith(before, e.to)?.table != null,
  );
  return (looked ? 1 : 0) + moved.length;
}

/** Why a counter did not rise by what the events, checked above, say happened; or null. */
function countersWrong(t: Transition, events: readonly Event[]): string | null {
  for (const [counter, counts] of COUNTED) {
    const rise = t.after.counters[counter] - t.before.counters[counter];
    const n = events.filter(counts).length;
    if (rise !== n) return `${counter} rose by ${rise} for ${n} events`;
  }
  const rise = t.after.counters.fallbacks - t.before.counters.fallbacks;
  const n = fallbacks(t, events);
  return rise === n ? null : `fallbacks rose by ${rise} for ${n} fallbacks`;
}

/** Whether a socket is as `socket()` makes it: open, unbound, with no option set, owning nothing. */
function isFresh(k: Socket): boolean {
  const unbound = k.phase === 'open' && k.port === null && !k.portLocked && k.group === null;
  const unset = !k.reuseport && k.rps === null && !k.prog && k.backlog === 0;
  return unbound && unset && k.count === 0 && k.acceptQueue.length === 0;
}

/** Why a value read back is not the state's, or null. */
function valueWrong({ action, outcome, after, before }: Transition): string | null {
  if (!outcome.ok) return null;
  if (action.type === 'socketOpen') {
    const sock = after.sockets[before.sockets.length];
    const opened = after.sockets.length === before.sockets.length + 1 && sock !== undefined;
    return opened &&
      outcome.sock === sock.id &&
      sock.uid === action.uid &&
      sock.proto === action.proto &&
      isFresh(sock)
      ? null
      : 'the new socket is not what was opened';
  }
  if (action.type !== 'socketGetReuserps') return null;
  const sock = before.sockets[action.sock];
  const want = sock?.rps ?? null;
  // No value set reads as null (a zero-length answer), with no count.
  if (!('value' in outcome) || JSON.stringify(outcome.value) !== JSON.stringify(want))
    return `read ${JSON.stringify(outcome.value)}`;
  if (want === null) return outcome.count === undefined ? null : 'a count without a value';
  return outcome.count === sock?.count ? null : `read count ${outcome.count}`;
}
