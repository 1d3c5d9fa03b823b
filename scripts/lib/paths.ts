import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The tool's own directory (where its package.json is), whether this module runs from its
 * TypeScript source (scripts/lib/) or from the build (dist/scripts/lib/).
 */
export const TOOL_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    dir = parent;
  }
})();
