/** A command line that cannot be run: exit status 2, with the message and the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
