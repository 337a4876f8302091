import type { Action } from '../model';
import type { KernelTrace } from './KernelTrace';
import { maskBits } from './maskBits';

/**
 * A trace as the guest's executor reads it: `T <id> <tcp_migrate_req> <syncookies>`, one
 * line per step (a letter and its numbers), then `E`. Masks are bitmaps in hex. A SYN
 * carries the model's flow hash, which the executor ignores: the host reads the file back
 * with {@link fromWire} to replay exactly what ran.
 */
export function toWire(t: KernelTrace): string {
  const head = `T ${t.id} ${t.config.migrateReq === true ? 1 : 0} ${t.config.syncookies === true ? 1 : 0}`;
  return [head, ...t.actions.map(stepLine), 'E'].join('\n') + '\n';
}

function stepLine(a: Action): string {
  switch (a.type) {
    case 'socketOpen':
      return `o ${a.uid} ${a.proto === 'udp' ? 'u' : 't'}`;
    case 'socketSetReuseport':
      return `r ${a.sock} ${a.on ? 1 : 0}`;
    case 'socketSetReuserps': {
      return `p ${a.sock} ${a.opt.policy} ${a.opt.limit} ${maskBits(a.opt.mask).toString(16)}`;
    }
    case 'socketGetReuserps':
      return `g ${a.sock}`;
    case 'socketAttachProg':
      return `f ${a.sock}`;
    case 'socketBind':
      return `b ${a.sock} ${a.port}`;
    case 'socketListen':
      return `l ${a.sock} ${a.backlog}`;
    case 'socketClose':
      return `c ${a.sock}`;
    case 'socketShutdown':
      return `h ${a.sock}`;
    case 'listenerAccept':
      return `a ${a.sock}`;
    case 'synArrive':
      return `y ${a.port} ${a.cpu} ${a.hash}`;
    case 'ackArrive':
      return `k ${a.conn} ${a.cpu}`;
    case 'connClose':
      return `x ${a.conn}`;
    case 'synAckTimer':
    case 'requestExpire':
      throw new RangeError(`${a.type} cannot run in the kernel executor`);
  }
}

/** A short name for a trace that does not depend on its number: a hash of its steps. */
export function traceKey(t: KernelTrace): string {
  const text = toWire({ ...t, id: 0 });
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
