import test from 'ava';
import { search, type SearchModel } from '../explore/search';
import {
  packTable,
  tableModel,
  tablePromela,
  unpackTable,
  type TableConfig,
} from '../bench/tableModel';

const cfg = (cpus: number, listeners: number, limit: number, policy: 0 | 1): TableConfig => ({
  cpus,
  listeners,
  limit,
  policy,
});

test('the generic search counts every state of the table model', (t) => {
  // Each listener is closed, or live with a count of 0..limit: (limit + 2) ways, all
  // reachable; round-robin adds every cursor value of every row. SPIN agrees, plus one.
  t.is(search(tableModel(cfg(1, 2, 1, 0))).distinct, 3 ** 2 * 2);
  t.is(search(tableModel(cfg(1, 2, 1, 1))).distinct, 3 ** 2);
  t.is(search(tableModel(cfg(3, 6, 3, 0))).distinct, 5 ** 6 * 2 ** 3);
  t.is(search(tableModel(cfg(4, 8, 2, 1))).distinct, 4 ** 8);
  const r = search(tableModel(cfg(2, 4, 2, 0)));
  t.is(r.violation, null);
  t.is(r.distinct, 4 ** 4 * 2 ** 2);
});

test('the generic search stops at a broken invariant', (t) => {
  const c = cfg(1, 2, 1, 1);
  const m = tableModel(c);
  // A SYN that takes a listener past its limit.
  const broken: SearchModel<number> = {
    ...m,
    successors: (k) => {
      const s = unpackTable(c, k);
      const count = s.count.map((n, i) => (i === 0 && s.alive[0] === true ? n + 1 : n));
      return [...m.successors(k), packTable(c, { ...s, count })];
    },
  };
  t.regex(search(broken).violation ?? '', /listener 0 owns more than its limit/);
});

test('a table state comes back from its packing the same', (t) => {
  const c = cfg(3, 7, 2, 0);
  const s = {
    alive: [true, false, true, true, false, true, true],
    count: [2, 0, 1, 0, 0, 3, 1],
    cursor: [2, 1, 0],
  };
  t.deepEqual(unpackTable(c, packTable(c, s)), s);
});

test('the Promela model has one d_step per action', (t) => {
  const pml = tablePromela(cfg(2, 4, 2, 0));
  t.is(pml.split(':: d_step').length - 1, 2 + 3 * 4);
  t.regex(
    pml,
    /cur\[1\] == 1 -> if :: alive\[3\] && cnt\[3\] < 2 -> cnt\[3\]\+\+; cur\[1\] = 0 :: alive\[1\]/,
  );
});
