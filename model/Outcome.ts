import type { ConnId, ReuserpsOpt, SockId, State } from './State';

/** The errors an action can return, as the kernel's negative errno would say them. */
export type Errno =
  | 'EINVAL'
  | 'EOPNOTSUPP'
  | 'ENOSPC'
  | 'EADDRINUSE'
  | 'EBADF'
  | 'ENOTCONN'
  | 'EAGAIN'
  | 'ENOENT'
  | 'EBUSY';

/**
 * How a listener was chosen: from the CPU's row, by flow hash over the group (a plain
 * group, or a SO_REUSERPS fallback for an empty row), or as the port's only listener.
 */
export type Via = 'row' | 'hash' | 'only';

/** When a connection left a listener that stopped listening. */
export type MigrationPoint = 'close' | 'ack' | 'timer';

/** Why a SYN created no request, or the ACK of a SYN cookie no connection. */
export type DropReason = 'limit' | 'synQueueFull' | 'acceptQueueFull' | 'noListener';

/** Something an action did, in the order it happened. */
export type Event =
  | {
      readonly kind: 'placed';
      readonly conn: ConnId;
      readonly listener: SockId;
      readonly cpu: number;
      readonly via: Via;
    }
  | {
      readonly kind: 'dropped';
      readonly cpu: number;
      readonly reason: DropReason;
      readonly listener: SockId | null;
    }
  | {
      readonly kind: 'migrated';
      readonly conn: ConnId;
      readonly from: SockId;
      readonly to: SockId;
      readonly cpu: number;
      readonly via: Via;
      readonly at: MigrationPoint;
    }
  | {
      readonly kind: 'reset';
      readonly conn: ConnId;
      readonly from: SockId;
      readonly cpu: number;
      readonly at: MigrationPoint;
    }
  | {
      readonly kind: 'cookieSent';
      readonly cookie: ConnId;
      readonly listener: SockId;
      readonly cpu: number;
    }
  | { readonly kind: 'established'; readonly conn: ConnId; readonly listener: SockId }
  | { readonly kind: 'ackDropped'; readonly conn: ConnId; readonly listener: SockId }
  | { readonly kind: 'retransmitted'; readonly conn: ConnId; readonly listener: SockId }
  | { readonly kind: 'accepted'; readonly conn: ConnId; readonly listener: SockId }
  | {
      readonly kind: 'ended';
      readonly conn: ConnId;
      readonly owner: SockId;
      readonly how: 'closed' | 'expired' | 'peerReset';
    };

/**
 * What an action returned. A failure is a value, like a negative errno, and leaves the
 * state as it was; success lists what happened.
 */
export type Outcome =
  | {
      readonly ok: true;
      readonly events: readonly Event[];
      /** `socketOpen`: the new socket. */
      readonly sock?: SockId;
      /** `socketGetReuserps`: the value set, or null when none was (a zero-length answer). */
      readonly value?: ReuserpsOpt | null;
      /** `socketGetReuserps` with a value: the connections the socket owns now. */
      readonly count?: number;
    }
  | { readonly ok: false; readonly errno: Errno };

/** A state and what the action that made it returned. */
export interface Result {
  readonly state: State;
  readonly outcome: Outcome;
}
