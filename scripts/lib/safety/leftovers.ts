/**
 * What an interrupted `diff` (SIGKILL, power loss) leaves behind: a registered git worktree and
 * its temporary checkout. Their directories are named zarish-diff-<pid>-XXXXXX, so the next run
 * removes the ones whose process is gone (never a live run's), then lets git prune the rest.
 */
import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExeca } from '../execa-lazy.js';
import { processAlive } from './lock.js';

export const DIFF_TMP_PREFIX = 'zarish-diff-';
const OWNED = new RegExp(`^${DIFF_TMP_PREFIX}(\\d+)-`);

/** The prefix for this process's temporary checkout (mkdtemp adds the random part). */
export function diffTmpPrefix(): string {
  return path.join(os.tmpdir(), `${DIFF_TMP_PREFIX}${process.pid}-`);
}

function deadOwner(dir: string): boolean {
  const m = OWNED.exec(path.basename(dir));
  return m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]));
}

/** Removes stale worktrees of `top` and stale temporary checkouts; returns what was removed. */
export async function cleanDiffLeftovers(top: string): Promise<string[]> {
  const removed: string[] = [];
  const execa = await loadExeca();
  const list = await execa('git', ['-C', top, 'worktree', 'list', '--porcelain'], { reject: false });
  for (const line of String(list.stdout ?? '').split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const tree = line.slice('worktree '.length);
    const owner = path.dirname(tree);
    if (path.dirname(owner) !== path.resolve(os.tmpdir()) || !deadOwner(owner)) continue;
    await execa('git', ['-C', top, 'worktree', 'remove', '--force', tree], { reject: false });
    rmSync(owner, { recursive: true, force: true });
    removed.push(owner);
  }
  let entries: string[] = [];
  try {
    entries = readdirSync(os.tmpdir());
  } catch {
    entries = [];
  }
  for (const name of entries) {
    const dir = path.join(os.tmpdir(), name);
    if (!OWNED.test(name) || !deadOwner(dir) || removed.includes(dir)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  await execa('git', ['-C', top, 'worktree', 'prune'], { reject: false });
  return removed;
}
