import { spawnSync } from 'node:child_process';
import type { State } from '../model';
import type { ModelApi, Run, Transition } from '../properties';
import { runToExchanges, type Exchange } from '../harness/exchanges';
import type { NodeTable } from './NodeTable';
import { replayPath } from './replayPath';
import { actionsOf, setUp, type ExploreConfig } from './Universe';

/** Where the C core first answered otherwise than the model, with the run to it. */
export interface CDifference {
  readonly command: string;
  readonly expected: string;
  readonly got: string;
  /** A shortest run whose last transition the core took otherwise. */
  readonly run: Run;
}

/** What checking an exploration's transitions against the C core found. */
export interface AgainstCResult {
  /** Transitions checked: every action of every state expanded, before a difference. */
  readonly transitions: number;
  /** Commands the driver answered, set-up and replayed paths included. */
  readonly commands: number;
  readonly seconds: number;
  readonly difference: CDifference | null;
}

/** Commands sent to one driver process at most (a node's commands are never split). */
const SESSION_COMMANDS = 200_000;

/** One command line and what the model says it must print, with the step it belongs to. */
interface Line {
  readonly command: string;
  readonly expect: string;
  /** The transition whose exchange it is, for a difference's run. */
  readonly at: { readonly node: number; readonly choice: number | null };
}

/**
 * Replays every transition an exploration computed through the patch's C core, as the
 * harness driver runs it: each node of the explored tree, in breadth-first order, is
 * rebuilt in the driver (reset, the set-up steps, the path from the initial state), then
 * each of its actions is tried in a forked copy (`push`, the transition's table
 * operations with the model's answers, `pop`). The first difference stops the check; as
 * nodes go by depth, its run is a shortest one. Nodes go to the driver in sessions of a
 * bounded size, each a process of its own.
 */
export function checkAgainstC(
  cfg: ExploreConfig,
  model: ModelApi,
  tree: NodeTable,
  expanded: number,
  driver: string,
): AgainstCResult {
  const t0 = performance.now();
  const setup = setUp(cfg, model);
  const actions = actionsOf(cfg);
  let transitions = 0;
  let commands = 0;
  let lines: Line[] = [];
  const flush = (): CDifference | null => {
    const d = runSession(driver, lines);
    commands += lines.length;
    lines = [];
    if (d === null) return null;
    const { command, expect, at } = d.line;
    return {
      command,
      expected: expect,
      got: d.got,
      run: replayPath(cfg, model, setup, tree, at.node, at.choice),
    };
  };
  for (let node = 0; node < expanded; node++) {
    const root = { node, choice: null };
    push(lines, { command: `reset ${cfg.cpus}`, expect: 'ok' }, root);
    let s = setup.state;
    for (const ex of exchangesOf(setup.steps)) push(lines, ex, root);
    for (const choice of tree.pathTo(node)) {
      const t = stepOf(model, s, actions(s)[choice]);
      for (const ex of exchangesOf([t])) push(lines, ex, root);
      s = t.after;
    }
    const list = actions(s);
    for (let choice = 0; choice < list.length; choice++) {
      const at = { node, choice };
      push(lines, { command: 'push', expect: 'ok' }, at);
      for (const ex of exchangesOf([stepOf(model, s, list[choice])])) push(lines, ex, at);
      push(lines, { command: 'pop', expect: 'ok' }, at);
    }
    transitions += list.length;
    if (lines.length >= SESSION_COMMANDS || node === expanded - 1) {
      const difference = flush();
      if (difference !== null) {
        return { transitions, commands, seconds: (performance.now() - t0) / 1000, difference };
      }
    }
  }
  return { transitions, commands, seconds: (performance.now() - t0) / 1000, difference: null };
}

function push(lines: Line[], ex: { command: string; expect: string }, at: Line['at']): void {
  lines.push({ command: ex.command, expect: ex.expect, at });
}

function stepOf(model: ModelApi, s: State, action: Transition['action'] | undefined): Transition {
  if (action === undefined) throw new Error('against-c: an action number of the tree is gone');
  const r = model.step(s, action);
  return { before: s, action, outcome: r.outcome, after: r.state };
}

/** The driver's commands for some transitions, without the reset that opens a run. */
function exchangesOf(steps: readonly Transition[]): Exchange[] {
  const first = steps[0];
  if (first === undefined) return [];
  return runToExchanges({
    config: { cpus: first.before.cpus },
    initial: first.before,
    steps,
  }).slice(1);
}

/**
 * Runs one session, its answers written in blocks; the first line answered otherwise, or
 * null. A driver that died is run again answering line by line, to find where.
 */
function runSession(
  driver: string,
  lines: readonly Line[],
  batch = true,
): { line: Line; got: string } | null {
  const r = spawnSync(driver, batch ? ['--batch'] : [], {
    input: lines.map((l) => l.command).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0 && batch) return runSession(driver, lines, false);
  const out = r.stdout.split('\n');
  for (const [i, line] of lines.entries()) {
    const got = out[i];
    if (got !== line.expect) {
      const why =
        r.status === 0 ? '' : ` (driver: ${r.stderr.split('\n')[0] ?? `exit ${r.status}`})`;
      return { line, got: `${got ?? '(nothing)'}${why}` };
    }
  }
  if (r.status !== 0) {
    const last = lines[lines.length - 1] as Line;
    return { line: last, got: `driver exit ${r.status}: ${r.stderr.split('\n')[0] ?? ''}` };
  }
  return null;
}
