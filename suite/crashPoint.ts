/**
 * Kills the process at a named point of a write when REUSERPS_CRASH_AT names it. Only the
 * tests set it: they stop a write at each point, without relying on timing, and check that
 * what is left on disk is the old output or the whole new one, never a mix.
 */
export function crashPoint(name: string): void {
  if (process.env['REUSERPS_CRASH_AT'] === name) process.kill(process.pid, 'SIGKILL');
}
