/**
 * RepoSource implementations: the only place that does I/O for git generators.
 * Matching itself is pure (glob.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadExeca } from '../execa-lazy.js';
import { globListing, listingFromFiles } from './glob.js';
import type { GitFileGlobbing, RepoListing } from './glob.js';
import { ToolError } from '../errors.js';

export interface GlobOptions {
  /** git files matching mode; default 'legacy' (Argo CD's default) */
  globbing?: GitFileGlobbing;
}

export interface RepoSource {
  /** read a file at repo path (relative to repo root), or undefined if absent */
  readFile(path: string): Promise<string | undefined>;
  /** list repo-relative paths (files and dirs) matching a git-generator glob */
  glob(pattern: string, kind: 'files' | 'directories', options?: GlobOptions): Promise<string[]>;
}

/** A RepoSource over an in-memory listing (used by both implementations and by tests). */
export function listingSource(
  listing: () => Promise<RepoListing>,
  read: (path: string) => Promise<string | undefined>,
): RepoSource {
  let cached: Promise<RepoListing> | undefined;
  return {
    readFile: read,
    async glob(pattern, kind, options) {
      cached ??= listing();
      return globListing(await cached, pattern, kind, options?.globbing ?? 'legacy');
    },
  };
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/**
 * Reads the working tree under `root`. `.git` and `node_modules` are skipped;
 * directories whose name starts with "." are not offered to the directories
 * generator (as Argo CD's repo server skips them).
 */
export function workingTreeSource(root: string): RepoSource {
  const walk = async (): Promise<RepoListing> => {
    const files: string[] = [];
    const directories: string[] = [];
    const visit = async (rel: string, hidden: boolean): Promise<void> => {
      const entries = await readdir(join(root, rel), { withFileTypes: true });
      for (const e of entries) {
        const p = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) {
          if (SKIP_DIRS.has(e.name)) continue;
          const h = hidden || e.name.startsWith('.');
          if (!h) directories.push(p);
          await visit(p, h);
        } else if (e.isFile() || e.isSymbolicLink()) {
          files.push(p);
        }
      }
    };
    await visit('', false);
    return { files: files.sort(), directories: directories.sort() };
  };
  return listingSource(walk, async (path) => {
    try {
      return await readFile(join(root, path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR')
        return undefined;
      throw e;
    }
  });
}

/** Reads the tree of a git ref with `git ls-tree -r --name-only` and `git show ref:path`. */
export function gitRefSource(root: string, ref: string): RepoSource {
  let commit: Promise<string> | undefined;
  const resolve = (): Promise<string> => {
    commit ??= loadExeca()
      .then((execa) =>
        execa('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
          reject: false,
        }),
      )
      .then((r) => {
        if (r.exitCode !== 0)
          throw new ToolError(
            `git ref ${JSON.stringify(ref)} does not name a commit in ${root} (expected a branch, tag or commit)`,
          );
        return r.stdout.trim();
      });
    return commit;
  };
  let files: Promise<Set<string>> | undefined;
  const listFiles = (): Promise<Set<string>> => {
    files ??= resolve().then(async (sha) => {
      const execa = await loadExeca();
      const r = await execa('git', ['-C', root, 'ls-tree', '-r', '-z', '--name-only', sha]);
      return new Set(r.stdout.split('\0').filter((f) => f !== ''));
    });
    return files;
  };
  return listingSource(
    async () => listingFromFiles([...(await listFiles())]),
    async (path) => {
      if (!(await listFiles()).has(path.replace(/^\.\//, ''))) return undefined;
      const sha = await resolve();
      const execa = await loadExeca();
      const r = await execa('git', ['-C', root, 'show', `${sha}:${path}`], { reject: false, stripFinalNewline: false });
      return r.exitCode === 0 ? r.stdout : undefined;
    },
  );
}
