import test from 'ava';
import * as model from '../model';
import { explore } from '../explore/explore';
import { collisionProbability, fingerprint, FingerprintSet } from '../explore/FingerprintSet';
import { PINNED_CONFIGS, PINNED_COUNTS } from '../explore/PINNED_COUNTS';

test('a fingerprint set tells apart fingerprints that differ in either word, and grows', (t) => {
  const set = new FingerprintSet(16);
  t.true(set.add(1, 2));
  t.false(set.add(1, 2));
  t.true(set.add(2, 1));
  t.true(set.add(1, 3));
  // The empty slot's value is stored as (0, 1), so it is one fingerprint with (0, 1).
  t.true(set.add(0, 0));
  t.false(set.add(0, 1));
  for (let i = 0; i < 100_000; i++) set.add(i, Math.imul(i, 2654435761));
  t.is(set.size, 4 + 100_000 - 1); // (0, 0), stored as (0, 1), was added already
  t.true(set.bytes <= 16 * 2 * set.size);
});

test('fingerprints of keys that differ in one character differ', (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 50_000; i++) seen.add(fingerprint(`state ${i}`).join());
  t.is(seen.size, 50_000);
  t.deepEqual(fingerprint('abc'), fingerprint('abc'));
});

test('the collision estimate is n(n-1)/2 over 2^64', (t) => {
  t.is(collisionProbability(1), 0);
  t.true(Math.abs(collisionProbability(2 ** 32 + 1) - 0.5) < 1e-9);
  t.is(collisionProbability(2 ** 40), 1);
});

for (const [name, symmetry, states] of PINNED_COUNTS) {
  test(`fingerprints give ${states} states for ${name} (symmetry ${symmetry ? 'on' : 'off'}), as exact keys do`, (t) => {
    const r = explore(PINNED_CONFIGS[name], model, {
      symmetry,
      maxDepth: null,
      fingerprints: true,
    });
    t.is(r.distinct, states);
    t.is(r.violation, null);
    t.true((r.collisionProbability ?? 1) < 1e-9);
  });
}
