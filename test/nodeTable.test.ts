import test from 'ava';
import { NodeTable } from '../explore/NodeTable';

test('a node table gives back the action numbers from the initial state, past its growth', (t) => {
  const nodes = new NodeTable();
  nodes.add(-1, 0);
  // A chain of 100000 nodes, each a given action of the one before, takes a second block.
  let last = 0;
  for (let i = 1; i <= 100_000; i++) last = nodes.add(last, i % 7);
  const path = nodes.pathTo(last);
  t.is(path.length, 100_000);
  t.deepEqual(path.slice(0, 8), [1, 2, 3, 4, 5, 6, 0, 1]);
  t.deepEqual(path.slice(-2), [(100_000 - 1) % 7, 100_000 % 7]);
  t.deepEqual(nodes.pathTo(0), []);
  t.is(nodes.size, 100_001);
  t.is(nodes.bytes, 2 * 65536 * 6);
  t.throws(() => nodes.add(0, 0x10000), { message: /action number 65536/ });
});
