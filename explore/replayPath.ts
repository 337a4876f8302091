import type { State } from '../model';
import type { ModelApi, Run, Transition } from '../properties';
import type { NodeTable } from './NodeTable';
import { actionsOf, type ExploreConfig } from './Universe';

/**
 * The run from the model's initial state to node `node` of an explored tree, and on by
 * action number `choice` if it is not null: the set-up steps, then the tree's action
 * numbers replayed through the model (which, like `actionsOf`, is deterministic).
 */
export function replayPath(
  cfg: ExploreConfig,
  model: ModelApi,
  setup: { readonly steps: readonly Transition[]; readonly state: State },
  tree: NodeTable,
  node: number,
  choice: number | null,
): Run {
  const actions = actionsOf(cfg);
  const steps = [...setup.steps];
  let s = setup.state;
  const path = tree.pathTo(node);
  if (choice !== null) path.push(choice);
  for (const n of path) {
    const action = actions(s)[n];
    if (action === undefined) throw new Error(`explore: no action ${n} on the replayed path`);
    const r = model.step(s, action);
    steps.push({ before: s, action, outcome: r.outcome, after: r.state });
    s = r.state;
  }
  return { config: { cpus: cfg.cpus }, initial: setup.steps[0]?.before ?? setup.state, steps };
}
