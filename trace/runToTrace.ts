import { POLICY_FILL_FIRST, POLICY_ROUND_ROBIN, type Action } from '../model';
import type { Run, Transition } from '../properties';
import type { TraceFile, TraceStep } from './TraceFile';

/**
 * A run of the model as a trace file that `reuserps run` replays: socket k is named `s<k>`
 * and the connection a SYN creates (or the cookie it is answered with) `c<id>`, the id the
 * model gives it.
 */
export function runToTrace(r: Run, description: string): TraceFile {
  return {
    $schema: 'https://reuserps.invalid/trace.schema.json',
    description,
    cpus: r.config.cpus,
    tcpMigrateReq: r.config.migrateReq ?? false,
    ...(r.config.syncookies === true ? { tcpSyncookies: true } : {}),
    steps: r.steps.map((t) => toStep(t.action, t.before.sockets.length, placedConn(t))),
  };
}

/** The connection (or cookie) a step's SYN created, if it created one. */
function placedConn(t: Transition): number | null {
  if (!t.outcome.ok) return null;
  for (const e of t.outcome.events) {
    if (e.kind === 'placed') return e.conn;
    if (e.kind === 'cookieSent') return e.cookie;
  }
  return null;
}

function toStep(a: Action, nextSock: number, created: number | null): TraceStep {
  switch (a.type) {
    case 'socketOpen':
      return { do: a.type, sock: `s${nextSock}`, uid: a.uid, proto: a.proto };
    case 'socketSetReuseport':
      return { do: a.type, sock: `s${a.sock}`, on: a.on };
    case 'socketSetReuserps': {
      const p = a.opt.policy;
      const policy =
        p === POLICY_ROUND_ROBIN ? 'round-robin' : p === POLICY_FILL_FIRST ? 'fill-first' : p;
      return { do: a.type, sock: `s${a.sock}`, mask: a.opt.mask, policy, limit: a.opt.limit };
    }
    case 'socketBind':
      return { do: a.type, sock: `s${a.sock}`, port: a.port };
    case 'socketListen':
      return { do: a.type, sock: `s${a.sock}`, backlog: a.backlog };
    case 'socketGetReuserps':
    case 'socketAttachProg':
    case 'socketClose':
    case 'socketShutdown':
    case 'listenerAccept':
      return { do: a.type, sock: `s${a.sock}` };
    case 'synArrive':
      const conn = created === null ? {} : { conn: `c${created}` };
      return { do: a.type, port: a.port, cpu: a.cpu, hash: a.hash, ...conn };
    case 'ackArrive':
    case 'synAckTimer':
      return { do: a.type, conn: `c${a.conn}`, cpu: a.cpu };
    case 'requestExpire':
    case 'connClose':
      return { do: a.type, conn: `c${a.conn}` };
  }
}
