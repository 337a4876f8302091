import test from 'ava';
import { existsSync } from 'node:fs';
import * as model from '../model';
import type { State } from '../model';
import { explore } from '../explore/explore';
import { PackReader, PackWriter, packState, unpackState } from '../explore/packState';
import { PINNED_CONFIGS, PINNED_COUNTS } from '../explore/PINNED_COUNTS';
import { SharedFingerprintSet } from '../explore/SharedFingerprintSet';
import { StateQueue } from '../explore/StateQueue';
import type { Memory } from '../properties';
import { sameState } from '../properties/sameState';

const MODEL = require.resolve('../model');

test('every state of the pinned configurations comes back from its packing the same', (t) => {
  let states = 0;
  for (const name of ['rrLimited', 'cookies', 'progs'] as const) {
    const seen: [State, readonly (readonly Memory[])[]][] = [];
    explore(PINNED_CONFIGS[name], model, {
      symmetry: false,
      maxDepth: null,
      observe: (tr, memories) => seen.push([tr.after, memories]),
    });
    const w = new PackWriter();
    for (const [s, memories] of seen) packState(s, memories, w);
    const r = new PackReader(w.take());
    for (const [s, memories] of seen) {
      const back = unpackState(r);
      if (!sameState(back.state, s)) return t.fail(`${name}: a state changed in packing`);
      t.deepEqual(back.memories, memories);
      states++;
    }
    t.is(r.offset, w.length);
  }
  // Hashes above 2^31 (stored signed) and cookies are among them.
  t.true(states > 30_000, `${states} states`);
});

test('a shared fingerprint set finds what it holds, in either word, after growing too', (t) => {
  let set = new SharedFingerprintSet(16);
  t.true(set.add(1, 2));
  t.false(set.add(1, 2));
  t.true(set.has(1, 2));
  t.false(set.has(2, 1));
  // The same high word with another low word is another fingerprint, wherever it probes.
  for (let lo = 3; lo < 1000; lo++) if (set.has(1, lo)) t.fail(`(1, ${lo}) found`);
  t.true(set.add(2, 1));
  // A zero word is stored as 1: (0, 5) and (1, 5) are one fingerprint.
  t.true(set.add(0, 5));
  t.false(set.add(1, 5));
  for (let i = 0; i < 10_000; i++) {
    if (set.full) set = set.grown();
    set.add(i + 7, Math.imul(i, 2654435761));
  }
  t.is(set.size, 3 + 10_000);
  t.true(set.has(7, 0) && set.has(2, 1) && set.has(10_006, Math.imul(9999, 2654435761)));
  t.true(set.size * 4 <= set.slots * 3);
});

test('the queue gives chunks back in order, from memory and from its spill file', (t) => {
  const q = new StateQueue(64);
  for (let i = 0; i < 10; i++)
    q.push(
      Int32Array.from({ length: 10 }, (_, j) => i * 10 + j),
      2,
      i,
    );
  t.is(q.length, 20);
  t.true(q.spilled > 0);
  for (let i = 0; i < 10; i++) {
    const c = q.shift();
    t.is(c?.count, 2);
    t.is(c?.level, i);
    t.deepEqual(
      [...(c?.data ?? [])],
      Array.from({ length: 10 }, (_, j) => i * 10 + j),
    );
  }
  t.is(q.shift(), null);
  t.true(q.peakResident <= 64);
  q.close();
});

test('a queue spilled to disk gives the same counts, and its file is gone at the end', (t) => {
  const r = explore(PINNED_CONFIGS.rrLimited, model, {
    symmetry: true,
    maxDepth: null,
    fingerprints: true,
    queueBytes: 4096,
  });
  t.is(r.distinct, 3038);
  t.true(r.memory.spilledBytes > 0);
  t.true(r.memory.queuePeakBytes <= 4096);
  t.false(existsSync(r.memory.spillFile ?? ''));
});

for (const [name, symmetry, states] of PINNED_COUNTS.filter(
  ([n]) => n === 'rrLimited' || n === 'cookies',
)) {
  test(`two worker threads give ${states} states for ${name} (symmetry ${symmetry ? 'on' : 'off'}), as one does`, (t) => {
    const one = explore(PINNED_CONFIGS[name], model, {
      symmetry,
      maxDepth: null,
      fingerprints: true,
    });
    const two = explore(PINNED_CONFIGS[name], model, {
      symmetry,
      maxDepth: null,
      fingerprints: true,
      workers: 2,
      modelPath: MODEL,
    });
    t.is(two.workers, 2);
    t.is(two.distinct, states);
    t.is(two.generated, one.generated);
    t.is(two.depth, one.depth);
    t.is(two.terminal, one.terminal);
    t.deepEqual([...two.fired], [...one.fired]);
  });
}

test('several workers need fingerprints and the model module', (t) => {
  t.throws(
    () => explore(PINNED_CONFIGS.tiny, model, { symmetry: true, maxDepth: null, workers: 2 }),
    {
      message: /fingerprints/,
    },
  );
  t.throws(
    () =>
      explore(PINNED_CONFIGS.tiny, model, {
        symmetry: true,
        maxDepth: null,
        workers: 2,
        fingerprints: true,
      }),
    { message: /path of the model module/ },
  );
});
