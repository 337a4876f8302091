import type { Action, Config } from '../model';
import { TraceError } from '../trace/TraceError';
import { GUEST_CPUS, type KernelTrace } from './KernelTrace';
import { maskOf } from './maskBits';

/** The numbers each step letter takes, and the action they make. */
const STEPS: Record<string, [number, (n: readonly number[], hex: string) => Action]> = {
  o: [1, (n) => ({ type: 'socketOpen', uid: n[0] ?? 0, proto: 'tcp' })],
  r: [2, (n) => ({ type: 'socketSetReuseport', sock: n[0] ?? 0, on: n[1] === 1 })],
  p: [
    3,
    (n, hex) => ({
      type: 'socketSetReuserps',
      sock: n[0] ?? 0,
      opt: { policy: n[1] ?? 0, limit: n[2] ?? 0, mask: maskOf(BigInt(`0x${hex}`)) },
    }),
  ],
  g: [1, (n) => ({ type: 'socketGetReuserps', sock: n[0] ?? 0 })],
  f: [1, (n) => ({ type: 'socketAttachProg', sock: n[0] ?? 0 })],
  b: [2, (n) => ({ type: 'socketBind', sock: n[0] ?? 0, port: n[1] ?? 0 })],
  l: [2, (n) => ({ type: 'socketListen', sock: n[0] ?? 0, backlog: n[1] ?? 0 })],
  c: [1, (n) => ({ type: 'socketClose', sock: n[0] ?? 0 })],
  h: [1, (n) => ({ type: 'socketShutdown', sock: n[0] ?? 0 })],
  a: [1, (n) => ({ type: 'listenerAccept', sock: n[0] ?? 0 })],
  y: [3, (n) => ({ type: 'synArrive', port: n[0] ?? 0, cpu: n[1] ?? 0, hash: n[2] ?? 0 })],
  k: [2, (n) => ({ type: 'ackArrive', conn: n[0] ?? 0, cpu: n[1] ?? 0 })],
  x: [1, (n) => ({ type: 'connClose', conn: n[0] ?? 0 })],
};

/**
 * Reads back a file of {@link toWire} traces, so that the host replays exactly what the
 * guest ran. Throws a {@link TraceError} naming the line for anything else.
 */
export function fromWire(text: string, file: string): KernelTrace[] {
  const traces: KernelTrace[] = [];
  let current: { id: number; config: Config; actions: Action[] } | null = null;
  for (const [i, line] of text.split('\n').entries()) {
    const where = `${file}:${i + 1}`;
    const [letter = '', ...words] = line.trim().split(/\s+/);
    if (letter === '') continue;
    if (letter === 'T') {
      const [id = 0, migrate, cookies] = numbers(words, 3, where);
      current = {
        id,
        config: { cpus: GUEST_CPUS, migrateReq: migrate === 1, syncookies: cookies === 1 },
        actions: [],
      };
    } else if (letter === 'E') {
      if (current === null) throw new TraceError(`${where}: E outside a trace`);
      traces.push(current);
      current = null;
    } else {
      const step = STEPS[letter];
      if (step === undefined) throw new TraceError(`${where}: unknown step "${letter}"`);
      if (current === null) throw new TraceError(`${where}: a step outside a trace`);
      const [arity, make] = step;
      const hex = letter === 'p' ? (words.pop() ?? '') : '';
      if (letter === 'p' && !/^[0-9a-f]+$/.test(hex))
        throw new TraceError(`${where}: mask "${hex}" is not hex`);
      if (letter === 'o') {
        const proto = words.pop();
        if (proto !== 't' && proto !== 'u')
          throw new TraceError(`${where}: protocol must be t or u`);
        const a = make(numbers(words, arity, where), hex);
        current.actions.push({ ...a, proto: proto === 'u' ? 'udp' : 'tcp' } as Action);
        continue;
      }
      current.actions.push(make(numbers(words, arity, where), hex));
    }
  }
  if (current !== null) throw new TraceError(`${file}: trace ${current.id} has no E line`);
  return traces;
}

function numbers(words: readonly string[], n: number, where: string): number[] {
  if (words.length !== n || !words.every((w) => /^-?\d+$/.test(w)))
    throw new TraceError(`${where}: expected ${n} whole numbers, got "${words.join(' ')}"`);
  return words.map(Number);
}
