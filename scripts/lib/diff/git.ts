/** The git side of a diff: resolve refs and check them out in throw-away worktrees. */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { ToolError, UsageError } from '../errors.js';
import { cleanDiffLeftovers, diffTmpPrefix } from '../safety/leftovers.js';

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await execa('git', ['-C', cwd, ...args], { reject: false });
  if (result.exitCode !== 0) {
    const why = String(result.stderr).trim().split('\n')[0] ?? '';
    throw new ToolError(`git ${args.join(' ')} failed in ${cwd}: ${why || `exit code ${String(result.exitCode)}`}`);
  }
  return String(result.stdout).trim();
}

/** The top of the git repository that holds `root`; a ToolError when there is none. */
export async function repoTop(root: string): Promise<string> {
  const result = await execa('git', ['-C', root, 'rev-parse', '--show-toplevel'], { reject: false });
  if (result.exitCode !== 0)
    throw new ToolError(`${root} is not inside a git repository (npm run diff compares git refs: run it in a clone)`);
  return String(result.stdout).trim();
}

/** The full commit SHA a ref names; a one-line UsageError when it names nothing. */
export async function resolveRef(root: string, ref: string, flag: string): Promise<string> {
  if (ref === '' || ref.startsWith('-'))
    throw new UsageError(`${flag} ${JSON.stringify(ref)}: expected a git ref (branch, tag or commit)`);
  const result = await execa(
    'git',
    ['-C', root, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    { reject: false },
  );
  if (result.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(String(result.stdout).trim())) {
    throw new UsageError(
      `${flag} ${ref}: no such commit in ${root} (expected a branch, tag or ` +
        `commit; in CI fetch it first, e.g. git fetch origin main, with ` +
        `fetch-depth: 0)`,
    );
  }
  return String(result.stdout).trim();
}

/**
 * Checks `commit` out (detached) in a temporary directory, runs `fn` on the checkout, and always
 * removes the worktree and the directory afterwards, also when `fn` throws.
 * `fn` receives the path of the repository top inside the worktree.
 */
export async function withWorktree<T>(top: string, commit: string, fn: (tree: string) => Promise<T>): Promise<T> {
  // an earlier run killed mid-way left its worktree behind: remove it (and only dead runs' ones)
  await cleanDiffLeftovers(top);
  const tmp = await mkdtemp(diffTmpPrefix());
  const tree = path.join(tmp, 'tree');
  try {
    await git(top, ['worktree', 'add', '--detach', '--quiet', tree, commit]);
    return await fn(tree);
  } finally {
    await execa('git', ['-C', top, 'worktree', 'remove', '--force', tree], { reject: false });
    await rm(tmp, { recursive: true, force: true });
    await execa('git', ['-C', top, 'worktree', 'prune'], { reject: false });
  }
}

/**
 * The lines of the head that a change touches, per file relative to `root`: `git diff --unified=0`
 * of `base` against `head` (a commit, or the working tree), each hunk's first head line (for a pure
 * deletion, the line before which it was removed). Empty when git cannot say.
 */
export async function changedLines(
  root: string,
  base: string,
  head: string | undefined,
): Promise<ReadonlyMap<string, readonly number[]>> {
  const args = ['-C', root, 'diff', '--relative', '--unified=0', '--no-color', '--no-ext-diff', base];
  const result = await execa('git', [...args, ...(head ? [head] : []), '--'], { reject: false });
  const out = new Map<string, number[]>();
  if (result.exitCode !== 0) return out;
  let file: string | undefined;
  for (const line of String(result.stdout).split('\n')) {
    if (line.startsWith('+++ ')) file = line === '+++ /dev/null' ? undefined : line.slice(6);
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && file) {
      const start = Number(hunk[1]);
      const at = hunk[2] === '0' ? Math.max(1, start + 1) : start;
      out.set(file, [...(out.get(file) ?? []), at]);
    }
  }
  return out;
}
