import test from 'ava';
import * as model from '../model';
import { checkContract, CONTRACT_CHECKS } from '../suite/CONTRACT_CHECKS';
import type { ModelApi } from '../properties';

test('the model meets every contract check', (t) => {
  for (const c of CONTRACT_CHECKS) t.is(c.check(model), null, c.name);
});

test('a model that takes a machine of no CPUs, or caps no backlog, fails its check', (t) => {
  const noCpus: ModelApi = {
    initialState: (c) => model.initialState({ ...c, cpus: Math.max(1, Math.floor(c.cpus) || 1) }),
    step: model.step,
  };
  t.regex(checkContract(noCpus) ?? '', /^a machine without a whole, positive CPU count/);
  const uncapped: ModelApi = {
    initialState: model.initialState,
    step: (s, a) => {
      const r = model.step(s, a);
      if (a.type !== 'socketListen' || !r.outcome.ok || a.backlog <= model.SOMAXCONN) return r;
      const sockets = r.state.sockets.map((k) =>
        k.id === a.sock ? { ...k, backlog: a.backlog } : k,
      );
      return { ...r, state: { ...r.state, sockets } };
    },
  };
  t.regex(checkContract(uncapped) ?? '', /^a listen backlog is capped at somaxconn: 4098 children/);
});
