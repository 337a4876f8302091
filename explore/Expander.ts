import { ACTION_TYPES, type Action, type ActionType, type State } from '../model';
import type { Memory, ModelApi, Property, Transition } from '../properties';
import { FP, fingerprintUnits } from './FingerprintSet';
import { PackReader, PackWriter, packState, unpackState } from './packState';
import { keyUnits } from './stateKey';
import { actionsOf, type ExploreConfig } from './Universe';

/**
 * The states seen, as an expander asks about them. In the explorer's own thread `visit`
 * adds the key (its units, or its fingerprint's two words) and says whether it was new;
 * in a worker it only looks, so that the explorer adds the keys itself, in queue order.
 */
export interface SeenSet {
  /** Whether the state is to be taken as new. */
  visit(units: readonly number[], hi: number, lo: number): boolean;
}

/** Sees every transition expanded, with the monitors' memories before it (for the bench). */
export type TransitionObserver = (t: Transition, memories: readonly (readonly Memory[])[]) => void;

/** A property broken on the transition `choice` of node `node` (or in node 0 itself). */
export interface NodeViolation {
  readonly property: string;
  readonly reason: string;
  readonly node: number;
  /** The action number, or null when the node's own state breaks a state property. */
  readonly choice: number | null;
}

/** What expanding a batch of packed states found. */
export interface BatchResult {
  /** The new states, packed one after another in the order they were found, in chunks. */
  readonly chunks: readonly PackedChunk[];
  /** Per new state: its parent's node number and the number of the action from it. */
  readonly parents: Int32Array;
  readonly choices: Uint16Array;
  /** Per new state: its fingerprint's two words. */
  readonly fingerprints: Uint32Array;
  readonly generated: number;
  /** Per action type (in ACTION_TYPES order): how often it was tried, how often it succeeded. */
  readonly tried: readonly number[];
  readonly fired: readonly number[];
  readonly terminal: number;
  /** Terminal nodes that still hold connections (a few). */
  readonly stuck: readonly number[];
  readonly violation: NodeViolation | null;
}

/** The most states in one chunk of new states: the unit of work a worker is sent. */
export const CHUNK_STATES = 64;

/** Packed states, and where each starts in `data`. */
export interface PackedChunk {
  readonly data: Int32Array;
  readonly starts: Int32Array;
}

const ACTION_INDEX = new Map<ActionType, number>(ACTION_TYPES.map((a, i) => [a, i]));

/**
 * Expands packed states: steps the model on every action of each, checks the step
 * properties and monitors on every transition and the state properties on every new
 * state, and packs the new ones. The explorer runs one in its own thread, or one in each
 * worker over a shared seen set; either way the same code judges every transition.
 */
export class Expander {
  private readonly actions: (s: State) => Action[];
  private readonly stateChecks: readonly Property[];
  private readonly stepChecks: readonly Property[];
  private readonly monitored: readonly Property[];

  constructor(
    cfg: ExploreConfig,
    private readonly model: ModelApi,
    properties: readonly Property[],
    private readonly symmetry: boolean,
    private readonly seen: SeenSet,
    private readonly observe: TransitionObserver | null = null,
  ) {
    this.actions = actionsOf(cfg);
    this.stateChecks = properties.filter((p) => p.state !== undefined);
    this.stepChecks = properties.filter((p) => p.step !== undefined);
    this.monitored = properties.filter((p) => p.monitor !== undefined);
  }

  /** The monitors' memories at the start of a run. */
  initialMemories(): Memory[][] {
    return this.monitored.map(() => []);
  }

  /** Why `s` breaks a state property, or null. */
  checkState(s: State): { property: string; reason: string } | null {
    for (const p of this.stateChecks) {
      const reason = p.state?.(s) ?? null;
      if (reason !== null) return { property: p.name, reason };
    }
    return null;
  }

  /**
   * Expands the `count` states packed in `batch`, node numbers `firstNode` on, until one
   * breaks a property.
   */
  expand(batch: Int32Array, count: number, firstNode: number): BatchResult {
    const chunks: PackedChunk[] = [];
    const out = new PackWriter();
    let starts: number[] = [];
    const parents: number[] = [];
    const choices: number[] = [];
    const fingerprints: number[] = [];
    const tried = ACTION_TYPES.map(() => 0);
    const fired = ACTION_TYPES.map(() => 0);
    const stuck: number[] = [];
    const reader = new PackReader(batch);
    let generated = 0;
    let terminal = 0;
    let violation: NodeViolation | null = null;
    for (let i = 0; i < count && violation === null; i++) {
      const node = firstNode + i;
      const { state: s, memories } = unpackState(reader);
      const list = this.actions(s);
      const self = keyUnits(s, memories, this.symmetry);
      fingerprintUnits(self);
      const selfHi = FP[0] ?? 0;
      const selfLo = FP[1] ?? 0;
      let leaves = false;
      for (let choice = 0; choice < list.length; choice++) {
        const action = list[choice] as Action;
        const { state: after, outcome } = this.model.step(s, action);
        generated++;
        const a = ACTION_INDEX.get(action.type) ?? 0;
        tried[a] = (tried[a] ?? 0) + 1;
        if (outcome.ok) fired[a] = (fired[a] ?? 0) + 1;
        const t: Transition = { before: s, action, outcome, after };
        this.observe?.(t, memories);
        const next = this.judge(t, memories);
        if (typeof next === 'string') {
          violation = this.broken(next, node, choice);
          break;
        }
        if (after === s && next === memories) continue;
        const units = keyUnits(after, next, this.symmetry);
        fingerprintUnits(units);
        const hi = FP[0] ?? 0;
        const lo = FP[1] ?? 0;
        if (hi !== selfHi || lo !== selfLo) leaves = true;
        if (!this.seen.visit(units, hi, lo)) continue;
        const bad = this.checkState(after);
        if (bad !== null) {
          violation = { ...bad, node, choice };
          break;
        }
        starts.push(out.length);
        packState(after, next, out);
        if (starts.length === CHUNK_STATES) {
          chunks.push({ data: out.take(), starts: Int32Array.from(starts) });
          out.clear();
          starts = [];
        }
        parents.push(node);
        choices.push(choice);
        fingerprints.push(hi, lo);
      }
      if (!leaves && violation === null) {
        terminal++;
        if (s.conns.length > 0 && stuck.length < 3) stuck.push(node);
      }
    }
    if (starts.length > 0) chunks.push({ data: out.take(), starts: Int32Array.from(starts) });
    return {
      chunks,
      parents: Int32Array.from(parents),
      choices: Uint16Array.from(choices),
      fingerprints: Uint32Array.from(fingerprints),
      generated,
      tried,
      fired,
      terminal,
      stuck,
      violation,
    };
  }

  /** The step properties and monitors on `t`: the monitors' next memories, or a failure. */
  private judge(t: Transition, memories: readonly (readonly Memory[])[]): Memory[][] | string {
    for (const p of this.stepChecks) {
      const reason = p.step?.(t) ?? null;
      if (reason !== null) return `${p.name}\n${reason}`;
    }
    let same = true;
    const next: Memory[][] = [];
    for (let i = 0; i < this.monitored.length; i++) {
      const p = this.monitored[i] as Property;
      const before = memories[i] ?? [];
      const after = p.monitor?.next(before, t, this.model) ?? [];
      if (typeof after === 'string') return `${p.name}\n${after}`;
      if (after !== before) same = false;
      next.push(after as Memory[]);
    }
    return same ? (memories as Memory[][]) : next;
  }

  private broken(failure: string, node: number, choice: number): NodeViolation {
    const cut = failure.indexOf('\n');
    return {
      property: failure.slice(0, cut),
      reason: failure.slice(cut + 1),
      node,
      choice,
    };
  }
}
