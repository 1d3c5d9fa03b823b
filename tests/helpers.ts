import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a rendering command needs from the repo (no node_modules, no rendered/). */
const REPO_PARTS = ['base', 'components', 'overlays', 'clusters', 'argocd', 'schemas'];

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A temporary directory removed after the test file. */
export async function tempDir(prefix = 'zarish-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A throw-away copy of the repo's manifests, removed after the test file. */
export async function repoCopy(): Promise<string> {
  const dir = await tempDir('zarish-repo-');
  for (const part of REPO_PARTS)
    await cp(path.join(ROOT, part), path.join(dir, part), { recursive: true }).catch(() => undefined);
  return dir;
}

/** The built entry point of a command (tests/global-setup.ts builds dist/ before any test runs). */
export function builtScript(name: string): string {
  return path.join(ROOT, 'dist', 'scripts', `${name}.js`);
}

/** Runs one of the repo's commands (built from scripts/<name>.ts) the way npm run does, never throwing. */
export async function runScript(
  name: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
) {
  const result = await execa(process.execPath, [builtScript(name), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: '1', ...options.env },
    reject: false,
  });
  return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Replaces `from` with `to` in a repo-relative file under `root`; the text must change. */
/** Rewrites one file of a test repo through `change`; a change that changes nothing fails the test. */
export async function editWith(root: string, file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(root, file);
  const text = await readFile(full, 'utf8');
  const next = change(text);
  expect(next, `edit of ${file} changed nothing`).not.toBe(text);
  await writeFile(full, next);
}

/** Replaces `from` with `to` in one file of a test repo; `from` not found fails the test. */
export async function editFile(root: string, file: string, from: string | RegExp, to: string): Promise<void> {
  await editWith(root, file, (text) => text.replace(from, to));
}
