import test from 'ava';
import * as model from '../model';
import type { Action, State } from '../model';
import { sameState } from '../properties/sameState';

/** A state with every kind of record in it: sockets with and without the option, a group
 * with a table, connections in each phase, counters above zero. */
function richState(): State {
  const actions: Action[] = [
    { type: 'socketOpen', uid: 1000, proto: 'tcp' },
    { type: 'socketSetReuseport', sock: 0, on: true },
    { type: 'socketSetReuserps', sock: 0, opt: { mask: [0, 1], policy: 0, limit: 3 } },
    { type: 'socketListen', sock: 0, backlog: 4 },
    { type: 'socketOpen', uid: 1000, proto: 'udp' },
    { type: 'synArrive', port: 32768, cpu: 1, hash: 77 },
    { type: 'synArrive', port: 32768, cpu: 0, hash: 5 },
    { type: 'synArrive', port: 32768, cpu: 0, hash: 9 },
    { type: 'ackArrive', conn: 0, cpu: 1 },
    { type: 'ackArrive', conn: 1, cpu: 0 },
    { type: 'listenerAccept', sock: 0 },
    { type: 'synArrive', port: 9, cpu: 0, hash: 1 },
  ];
  let s = model.initialState({ cpus: 2 });
  for (const a of actions) {
    const r = model.step(s, a);
    if (!r.outcome.ok) throw new Error(`${a.type} failed with ${r.outcome.errno}`);
    s = r.state;
  }
  return s;
}

/** Every way to change one leaf of plain data: a path and the copy with that leaf changed. */
function* leafChanges(x: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(x)) {
    yield [`${path}.length+1`, [...x, x.length === 0 ? 0 : x[x.length - 1]]];
    for (let i = 0; i < x.length; i++) {
      for (const [p, v] of leafChanges(x[i], `${path}[${i}]`)) {
        const copy = x.slice();
        copy[i] = v;
        yield [p, copy];
      }
    }
    return;
  }
  if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      for (const [p, w] of leafChanges(v, `${path}.${k}`)) yield [p, { ...x, [k]: w }];
    }
    return;
  }
  if (typeof x === 'number') yield [path, x + 1];
  else if (typeof x === 'boolean') yield [path, !x];
  else if (typeof x === 'string') yield [path, `${x}!`];
  else yield [path, 0];
}

test('sameState sees a change in any field of any record', (t) => {
  const s = richState();
  t.true(sameState(s, structuredClone(s)));
  let changes = 0;
  for (const [path, changed] of leafChanges(s, 'state')) {
    t.false(sameState(s, changed as State), path);
    t.false(sameState(changed as State, s), path);
    changes++;
  }
  // The state holds every record kind, so there are many leaves to change.
  t.true(changes > 60, `only ${changes} leaves`);
});
