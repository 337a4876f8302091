import test from 'ava';
import { NodeTable } from '../explore/NodeTable';

test('a node table gives back the action numbers from the initial state, past its growth', (t) => {
  const nodes = new NodeTable();
  nodes.add(-1, 0);
  // A chain of 10000 nodes, each a given action of the one before, grows the arrays twice.
  let last = 0;
  for (let i = 1; i <= 10000; i++) last = nodes.add(last, i % 7);
  const path = nodes.pathTo(last);
  t.is(path.length, 10000);
  t.deepEqual(path.slice(0, 8), [1, 2, 3, 4, 5, 6, 0, 1]);
  t.deepEqual(nodes.pathTo(0), []);
  t.is(nodes.size, 10001);
  t.is(nodes.bytes, 16384 * 6);
  t.throws(() => nodes.add(0, 0x10000), { message: /action number 65536/ });
});
