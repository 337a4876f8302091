/** An input file the tools cannot read: exit status 2, naming the file and the reason. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
