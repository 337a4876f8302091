import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's folder, found from a module's own folder: the nearest one holding
 * package.json. The same module runs from its source (`harness/`) under ts-node and from the
 * compiled copy (`dist/harness/`) under node, and reads source files (C, the model's
 * TypeScript, the patches) from the project either way.
 */
export function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
