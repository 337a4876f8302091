/** An output path the tools refuse or cannot write: exit status 2, naming the path. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}
