/** Nodes a block holds: blocks are added as the table fills, never copied. */
const BLOCK = 1 << 16;

/**
 * What the explorer keeps of every distinct state once it has been expanded: its parent's
 * node number and the index of the action that led to it among the parent's actions, in
 * blocks of two typed arrays (6 bytes a state, and at most one block unused), as TLC
 * keeps a state's parent fingerprint on disk. A counterexample is rebuilt by replaying
 * those indices from the initial state: the model and `actionsOf` are deterministic, so
 * the same index names the same action.
 */
export class NodeTable {
  private readonly parents: Int32Array[] = [];
  private readonly choices: Uint16Array[] = [];
  private count = 0;

  /** How many nodes it holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes its arrays take. */
  get bytes(): number {
    return this.parents.length * BLOCK * 6;
  }

  /**
   * Adds a node reached from `parent` (-1 for the initial state) by action number
   * `choice` of the parent's actions; returns its number. Throws past 65535 actions of a
   * state, which no configuration of the explorer comes near.
   */
  add(parent: number, choice: number): number {
    if (choice < 0 || choice > 0xffff) throw new RangeError(`action number ${choice} of a state`);
    const at = this.count % BLOCK;
    if (at === 0) {
      this.parents.push(new Int32Array(BLOCK));
      this.choices.push(new Uint16Array(BLOCK));
    }
    const block = this.parents.length - 1;
    (this.parents[block] as Int32Array)[at] = parent;
    (this.choices[block] as Uint16Array)[at] = choice;
    return this.count++;
  }

  /** The action numbers from the initial state to `node`, in order. */
  pathTo(node: number): number[] {
    const path: number[] = [];
    for (let n = node; n > 0;) {
      const block = Math.floor(n / BLOCK);
      path.push(this.choices[block]?.[n % BLOCK] ?? 0);
      n = this.parents[block]?.[n % BLOCK] ?? 0;
    }
    return path.reverse();
  }
}
