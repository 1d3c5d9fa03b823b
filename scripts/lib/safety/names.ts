/**
 * Names and paths that come from the repo (so from whoever opens a pull request) and become file
 * paths: an Application name is a DNS-1123 subdomain (what the API server accepts for
 * metadata.name), and its source path is checked the way Argo CD's repo server checks it
 * (util/app/path: "app path is absolute", "app path outside root", "app path does not exist",
 * "app path is not a directory"; symlinks leaving the repository are refused too).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { FindingsError } from '../errors.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `name` cannot be an Application name (and a file name under rendered/), or undefined. */
export function applicationNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 253) return `is ${name.length} characters long (at most 253)`;
  if (!DNS1123_SUBDOMAIN.test(name))
    return (
      'is not a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", ' +
      'starting and ending with a letter or digit)'
    );
  return undefined;
}

/** Lexical check of a source path, as Argo CD does before touching the disk. */
export function sourcePathProblem(sourcePath: string): string | undefined {
  if (path.posix.isAbsolute(sourcePath) || path.win32.isAbsolute(sourcePath))
    return `${sourcePath}: app path is absolute`;
  const joined = path.posix.normalize(`/repo/${sourcePath}`);
  if (joined !== '/repo' && !joined.startsWith('/repo/')) return `${sourcePath}: app path outside root`;
  return undefined;
}

/** On disk: the path exists, is a directory, and (through symlinks) stays inside the repository. */
export function sourceDirProblem(root: string, sourcePath: string): string | undefined {
  const lexical = sourcePathProblem(sourcePath);
  if (lexical) return lexical;
  const full = path.join(root, sourcePath);
  if (!existsSync(full)) return `${sourcePath}: app path does not exist`;
  if (!statSync(full).isDirectory()) return `${sourcePath}: app path is not a directory`;
  const realRoot = realpathSync(root);
  const real = realpathSync(full);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep))
    return `${sourcePath}: app path outside root (a symlink to ${real})`;
  return undefined;
}

/** Refuses an Application whose name or source path would escape; the message names it and what is expected. */
export function checkApplication(name: string, sourcePath: string): void {
  const nameProblem = applicationNameProblem(name);
  if (nameProblem)
    throw new FindingsError(
      `Application ${JSON.stringify(name)} refused: its name ${nameProblem}; ` +
        `it would become the file rendered/${name}.yaml`,
    );
  const pathProblem = sourcePathProblem(sourcePath);
  if (pathProblem)
    throw new FindingsError(
      `Application ${name} refused: spec.source.path ${pathProblem} (Argo CD ` +
        `refuses it; expected a folder of this repository)`,
    );
}

/** rendered/<name>.yaml, asserted to stay directly inside `dir` (never a path elsewhere). */
export function fileInside(dir: string, name: string): string {
  const file = path.resolve(dir, name);
  if (path.dirname(file) !== path.resolve(dir) || name.includes('/') || name.includes('\\')) {
    throw new FindingsError(`${name}: refused, it would be written outside ${dir}`);
  }
  return file;
}
