import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * A cache folder of this tool: `$<envVar>` when set, else node_modules/.cache/zarish-his-<name>
 * beside the tool (gone with node_modules), else zarish-his-<name>-cache in the OS temp folder.
 */
export function toolCacheDir(name: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return path.resolve(fromEnv);
  return existsSync(path.join(TOOL_ROOT, 'node_modules'))
    ? path.join(TOOL_ROOT, 'node_modules/.cache', `zarish-his-${name}`)
    : path.join(tmpdir(), `zarish-his-${name}-cache`);
}
