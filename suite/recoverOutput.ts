import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OutputTarget } from './outputTarget';

/**
 * Cleans what a killed earlier run left beside the target, and nothing else: temporaries
 * of the tools' own naming (`.NAME.reuserps-PID.tmp` and `.old`) whose process is gone. An
 * old output set aside just before the kill is put back when nothing replaced it.
 */
export function recoverOutput(t: Pick<OutputTarget, 'path' | 'parent'>): void {
  const base = basename(t.path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ours = new RegExp(`^\\.${base}\\.reuserps-(\\d+)\\.(tmp|old)$`);
  let names: string[];
  try {
    names = readdirSync(t.parent);
  } catch {
    return;
  }
  // The set-aside old output first, so that a temporary is never mistaken for it.
  const found = names.flatMap((n) => {
    const m = ours.exec(n);
    return m === null || alive(Number(m[1])) ? [] : [{ path: join(t.parent, n), kind: m[2] }];
  });
  found.sort((a, b) => (a.kind === 'old' ? -1 : 0) - (b.kind === 'old' ? -1 : 0));
  for (const f of found) {
    if (f.kind === 'old' && !existsSync(t.path)) renameSync(f.path, t.path);
    else rmSync(f.path, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
