/**
 * What the explorer keeps of every distinct state once it has been expanded: its parent's
 * node number and the index of the action that led to it among the parent's actions, in
 * two growable typed arrays (6 bytes a state), as TLC keeps a state's parent fingerprint
 * on disk. A counterexample is rebuilt by replaying those indices from the initial state:
 * the model and `actionsOf` are deterministic, so the same index names the same action.
 */
export class NodeTable {
  private parents = new Int32Array(1 << 12);
  private choices = new Uint16Array(1 << 12);
  private count = 0;

  /** How many nodes it holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes its arrays take. */
  get bytes(): number {
    return this.parents.byteLength + this.choices.byteLength;
  }

  /**
   * Adds a node reached from `parent` (-1 for the initial state) by action number
   * `choice` of the parent's actions; returns its number. Throws past 65535 actions of a
   * state, which no configuration of the explorer comes near.
   */
  add(parent: number, choice: number): number {
    if (choice < 0 || choice > 0xffff) throw new RangeError(`action number ${choice} of a state`);
    if (this.count === this.parents.length) this.grow();
    this.parents[this.count] = parent;
    this.choices[this.count] = choice;
    return this.count++;
  }

  /** The action numbers from the initial state to `node`, in order. */
  pathTo(node: number): number[] {
    const path: number[] = [];
    for (let n = node; n > 0; n = this.parents[n] ?? 0) path.push(this.choices[n] ?? 0);
    return path.reverse();
  }

  private grow(): void {
    const parents = new Int32Array(this.parents.length * 2);
    const choices = new Uint16Array(this.choices.length * 2);
    parents.set(this.parents);
    choices.set(this.choices);
    this.parents = parents;
    this.choices = choices;
  }
}
