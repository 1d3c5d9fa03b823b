import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every test run starts from a fresh build: the commands tests spawn are the compiled entry points
 * in dist/ (what `npm run <command>` runs), rebuilt here from the sources (incremental, so an
 * unchanged tree costs about two seconds).
 */
export default async function setup(): Promise<void> {
  const result = await execa(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0)
    throw new Error(`npm run build failed, tests would run stale code:\n${String(result.all)}`);
}
