import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import schema from './trace.schema.json';
import { TraceError } from './TraceError';
import type { TraceFile, TraceStep } from './TraceFile';

const validate = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true }).compile(
  schema,
);

/**
 * Reads a trace: JSON syntax, then the schema, then what the schema cannot say (each socket
 * opened once before use, each connection named by one SYN, CPUs below `cpus`). Throws a
 * {@link TraceError} that names the file, the step and the field.
 */
export function parseTrace(text: string, source: string): TraceFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`${source}: not JSON: ${(e as Error).message}`);
  }
  if (!validate(data)) throw new TraceError(`${source}: ${describe(validate.errors?.[0], data)}`);
  const trace = data as unknown as TraceFile;
  const socks = new Set<string>();
  const closedAt = new Map<string, number>();
  const conns = new Set<string>();
  for (const [i, st] of trace.steps.entries()) {
    const at = `${source}: step ${i} (${st.do})`;
    if (st.do === 'socketOpen') {
      const closed = closedAt.get(st.sock ?? '');
      if (closed !== undefined)
        throw new TraceError(
          `${at}, field sock: "${st.sock}" was closed at step ${closed}; a trace does not reuse a name`,
        );
      if (socks.has(st.sock ?? ''))
        throw new TraceError(`${at}, field sock: "${st.sock}" is already open`);
      socks.add(st.sock ?? '');
    } else if (st.sock !== undefined && !socks.has(st.sock)) {
      throw new TraceError(`${at}, field sock: no socket "${st.sock}" was opened before`);
    }
    if (st.do === 'socketClose' && st.sock !== undefined && !closedAt.has(st.sock))
      closedAt.set(st.sock, i);
    if (st.do === 'synArrive' && st.conn !== undefined) {
      if (conns.has(st.conn))
        throw new TraceError(`${at}, field conn: "${st.conn}" names an earlier SYN`);
      conns.add(st.conn);
    } else if (st.conn !== undefined && !conns.has(st.conn)) {
      throw new TraceError(`${at}, field conn: no earlier SYN names "${st.conn}"`);
    }
    if (st.cpu !== undefined && st.cpu >= trace.cpus) {
      throw new TraceError(`${at}, field cpu: ${st.cpu} is not below cpus (${trace.cpus})`);
    }
    checkExpect(st, at, socks, conns);
  }
  return trace;
}

/** Names in `expect` must be sockets or connections the trace knows by then. */
function checkExpect(st: TraceStep, at: string, socks: Set<string>, conns: Set<string>): void {
  const e = st.expect;
  if (e === undefined) return;
  if (e.ok !== undefined && e.errno !== undefined) {
    throw new TraceError(`${at}, field expect: both ok and errno`);
  }
  const listeners = [
    ...(e.listener === undefined ? [] : [e.listener]),
    ...(e.listenerOneOf ?? []),
    ...Object.values(e.migrated ?? {}),
  ];
  for (const name of listeners) {
    if (!socks.has(name)) throw new TraceError(`${at}, field expect: no socket "${name}"`);
  }
  const named = [...Object.keys(e.migrated ?? {}), ...(e.reset ?? [])];
  for (const name of [...named, ...(e.accepted === undefined ? [] : [e.accepted])]) {
    if (!conns.has(name)) throw new TraceError(`${at}, field expect: no connection "${name}"`);
  }
}

/** The first schema error, as "step 3 (synArrive), field cpu: must be >= 0". */
function describe(err: ErrorObject | undefined, data: unknown): string {
  if (err === undefined) return 'does not match the trace schema';
  const path = err.instancePath.split('/').slice(1);
  let where = 'top level';
  if (path[0] === 'steps' && path[1] !== undefined) {
    const step = (data as { steps: { do?: unknown }[] }).steps[Number(path[1])];
    const kind = typeof step?.do === 'string' ? ` (${step.do})` : '';
    where = `step ${path[1]}${kind}`;
    path.splice(0, 2);
  }
  let field = path.join('.');
  let message = err.message ?? 'is invalid';
  if (err.keyword === 'additionalProperties') {
    field = [...path, String(err.params['additionalProperty'])].join('.');
    message =
      path.length === 0 ? 'is not a field of this action' : `is not a field of ${path.join('.')}`;
  } else if (err.keyword === 'required') {
    field = [...path, String(err.params['missingProperty'])].join('.');
    message = 'is required';
  } else if (err.keyword === 'const') {
    message = `must be ${JSON.stringify(err.params['allowedValue'])}`;
  } else if (err.keyword === 'enum') {
    message = `must be one of ${(err.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return field === '' ? `${where}: ${message}` : `${where}, field ${field}: ${message}`;
}
