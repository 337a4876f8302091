/** A trace file that cannot be run: the message names the place and the reason. */
export class TraceError extends Error {
  override readonly name = 'TraceError';
}
