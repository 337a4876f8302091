import type { Action, ConnId, State } from '../model';

/**
 * The names of connections in a kernel trace: the ordinal of the SYN that made each one
 * (the executor gives every SYN its own peer port). Kept while a model runs the trace, it
 * turns an ACK or a reset between the trace's naming and the model's connection ids.
 */
export class SynOrdinals {
  private syns = 0;
  private readonly byOrdinal = new Map<number, ConnId>();
  private readonly byConn = new Map<ConnId, number>();

  /** Records a step: a SYN takes the next ordinal, and names what it made (`nextConn` grew). */
  record(a: Action, before: State, after: State): void {
    if (a.type !== 'synArrive') return;
    if (after.nextConn > before.nextConn) {
      this.byOrdinal.set(this.syns, before.nextConn);
      this.byConn.set(before.nextConn, this.syns);
    }
    this.syns++;
  }

  /** A model action with its connection named by ordinal (-1: no SYN of the trace made it). */
  toWire(a: Action): Action {
    if (a.type === 'ackArrive' || a.type === 'connClose')
      return { ...a, conn: this.byConn.get(a.conn) ?? -1 };
    return a;
  }

  /** A trace step as the model's action (-1, an id no model hands out, for a SYN that made nothing). */
  toModel(a: Action): Action {
    if (a.type === 'ackArrive' || a.type === 'connClose')
      return { ...a, conn: this.byOrdinal.get(a.conn) ?? -1 };
    return a;
  }

  /** The ordinal of each connection named so far. */
  snapshot(): ReadonlyMap<ConnId, number> {
    return new Map(this.byConn);
  }
}
