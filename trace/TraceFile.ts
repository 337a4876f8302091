/**
 * The JSON trace format, as `trace.schema.json` defines it. Sockets and connections are
 * named by the trace; every other field is what the model's action takes.
 */

/** What a step must return; `reuserps run` reports a step that does not. */
export interface Expect {
  readonly ok?: true;
  readonly errno?: string;
  readonly listener?: string;
  readonly listenerOneOf?: readonly string[];
  readonly dropped?: string;
  readonly migrated?: Readonly<Record<string, string>>;
  readonly reset?: readonly string[];
  /** The connection `accept()` returns. */
  readonly accepted?: string;
}

/** One step: `do` names the model action; the other fields are its arguments. */
export type TraceStep = {
  readonly do: string;
  readonly note?: string;
  readonly expect?: Expect;
  readonly sock?: string;
  readonly conn?: string;
  readonly uid?: number;
  readonly proto?: 'tcp' | 'udp';
  readonly on?: boolean;
  readonly mask?: readonly number[];
  readonly policy?: 'round-robin' | 'fill-first' | number;
  readonly limit?: number;
  readonly port?: number;
  readonly backlog?: number;
  readonly cpu?: number;
  readonly hash?: number;
};

/** A whole trace file. */
export interface TraceFile {
  readonly $schema?: string;
  readonly description?: string;
  readonly cpus: number;
  readonly tcpMigrateReq?: boolean;
  readonly tcpSyncookies?: boolean;
  readonly steps: readonly TraceStep[];
}

/** The default backlog of a `socketListen` step that gives none. */
export const DEFAULT_BACKLOG = 128;
