import type { ConnId, ReuserpsOpt, SockId } from './State';

/**
 * Everything that can happen to the machine. Application calls are named `socket*` and
 * `listenerAccept`; packets and timers are named after what arrives or fires.
 * Packet actions carry the CPU that processes them and, for a SYN, the flow hash. An ACK
 * names a request, or a SYN cookie (whose flow hash it repeats).
 */
export type Action =
  | { readonly type: 'socketOpen'; readonly uid: number; readonly proto: 'tcp' | 'udp' }
  | { readonly type: 'socketSetReuseport'; readonly sock: SockId; readonly on: boolean }
  | { readonly type: 'socketSetReuserps'; readonly sock: SockId; readonly opt: ReuserpsOpt }
  | { readonly type: 'socketGetReuserps'; readonly sock: SockId }
  | { readonly type: 'socketAttachProg'; readonly sock: SockId }
  | { readonly type: 'socketBind'; readonly sock: SockId; readonly port: number }
  | { readonly type: 'socketListen'; readonly sock: SockId; readonly backlog: number }
  | { readonly type: 'socketClose'; readonly sock: SockId }
  | { readonly type: 'socketShutdown'; readonly sock: SockId }
  | { readonly type: 'listenerAccept'; readonly sock: SockId }
  | {
      readonly type: 'synArrive';
      readonly port: number;
      readonly cpu: number;
      readonly hash: number;
    }
  | { readonly type: 'ackArrive'; readonly conn: ConnId; readonly cpu: number }
  | { readonly type: 'synAckTimer'; readonly conn: ConnId; readonly cpu: number }
  | { readonly type: 'requestExpire'; readonly conn: ConnId }
  | { readonly type: 'connClose'; readonly conn: ConnId };

/** The name of an action. */
export type ActionType = Action['type'];

/** Every action name, in the order the documentation lists them. */
export const ACTION_TYPES: readonly ActionType[] = [
  'socketOpen',
  'socketSetReuseport',
  'socketSetReuserps',
  'socketGetReuserps',
  'socketAttachProg',
  'socketBind',
  'socketListen',
  'socketClose',
  'socketShutdown',
  'listenerAccept',
  'synArrive',
  'ackArrive',
  'synAckTimer',
  'requestExpire',
  'connClose',
];
