/** A CPU list as the bitmap the executor's lines carry. */
export function maskBits(mask: readonly number[]): bigint {
  return mask.reduce((m, cpu) => m | (1n << BigInt(cpu)), 0n);
}

/** A bitmap back as an ascending CPU list. */
export function maskOf(bits: bigint): number[] {
  const mask: number[] = [];
  for (let cpu = 0; bits >> BigInt(cpu) > 0n; cpu++) if ((bits >> BigInt(cpu)) & 1n) mask.push(cpu);
  return mask;
}
