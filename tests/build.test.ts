/**
 * Commands run precompiled JavaScript (dist/, built by `npm ci` through the prepare script), never
 * TypeScript compiled at run time. A command added as `tsx scripts/x.ts` fails here: write it as
 * `node dist/scripts/x.js`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runScript } from './helpers.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const entryPoints = readdirSync(path.join(ROOT, 'scripts'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

/**
 * Test tooling, not commands: `npm run mutation` loads the rule modules' TypeScript, mutated, with
 * their case tables (tests/mutation/), as vitest does for the suites; it runs only files under tests/.
 */
const TEST_TOOLING = new Set(['mutation']);

describe('precompiled entry points', () => {
  it('npm ci builds dist/ (prepare), and the build is git-ignored', () => {
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it.each(Object.entries(pkg.scripts).filter(([name]) => !TEST_TOOLING.has(name)))(
    'npm script %s runs no TypeScript at run time',
    (_name, command) => {
      expect(command).not.toMatch(/\b(tsx|ts-node)\b|scripts\/[\w-]+\.ts\b/);
      for (const m of command.matchAll(/\bdist\/scripts\/([\w-]+)\.js\b/g)) {
        expect(command.startsWith('node dist/scripts/')).toBe(true);
        expect(entryPoints).toContain(m[1]);
      }
    },
  );

  it.each([...TEST_TOOLING])('test tool %s runs only a file under tests/', (name) => {
    expect(pkg.scripts[name]).toMatch(/^tsx tests\/[\w/-]+\.ts$/);
  });

  it('every entry point in scripts/ is built and answers --help from dist/', async () => {
    for (const name of entryPoints) {
      expect(existsSync(path.join(ROOT, 'dist/scripts', `${name}.js`)), `dist/scripts/${name}.js`).toBe(true);
      const run = await runScript(name, ['--help']);
      expect(run.code, `${name} --help: ${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/^Usage: /);
    }
  });
});
