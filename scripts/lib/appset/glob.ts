/**
 * Path matching exactly as the three matchers Argo CD uses:
 *  - git directories: Go `path.Match` (`*` and `?` never cross `/`);
 *  - git files, default ("legacy") mode: `git ls-files -- <pathspec>`, where
 *    wildcards DO cross `/` (so `a/*\/values.yaml` also matches `a/b/c/values.yaml`)
 *    and a wildcard-free pathspec also matches everything under that directory;
 *  - git files with `applicationsetcontroller.enable.new.git.file.globbing`:
 *    doublestar globbing (`**` spans directories, `{a,b}` alternatives).
 */
import { GenerationError } from './errors.js';

export type GitFileGlobbing = 'legacy' | 'doublestar';

export interface RepoListing {
  /** repo-relative file paths */
  files: string[];
  /** repo-relative directories, excluding hidden ones (and everything below them) */
  directories: string[];
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

/** Translate a `[...]` class starting at pattern[i] ('['); returns regex and next index. */
function classToRe(pattern: string, i: number, negators: string, exclude: string): { re: string; next: number } {
  let j = i + 1;
  let negate = false;
  if (j < pattern.length && negators.includes(pattern[j] as string)) {
    negate = true;
    j++;
  }
  let body = '';
  let first = true;
  while (j < pattern.length && (pattern[j] !== ']' || first)) {
    let c = pattern[j] as string;
    if (c === '\\') {
      j++;
      c = pattern[j] ?? '';
      if (c === '') throw new GenerationError(`bad glob pattern ${JSON.stringify(pattern)}: trailing backslash`);
    }
    body +=
      c === '-' && !first && pattern[j + 1] !== ']'
        ? '-'
        : c === '^' || c === ']' || c === '\\' || c === '['
          ? '\\' + c
          : c;
    first = false;
    j++;
  }
  if (j >= pattern.length) throw new GenerationError(`bad glob pattern ${JSON.stringify(pattern)}: unclosed [`);
  const ex = exclude === '' ? '' : exclude;
  const re = negate ? `[^${body}${ex}]` : ex === '' ? `[${body}]` : `(?![${ex}])[${body}]`;
  return { re, next: j + 1 };
}

function compile(pattern: string, mode: 'path' | 'pathspec' | 'doublestar'): RegExp {
  let re = '';
  let i = 0;
  let braceDepth = 0;
  const seg = mode === 'pathspec' ? '' : '/';
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\' && mode !== 'doublestar') {
      const n = pattern[i + 1];
      if (n === undefined) throw new GenerationError(`bad glob pattern ${JSON.stringify(pattern)}: trailing backslash`);
      re += escapeRe(n);
      i += 2;
    } else if (c === '*') {
      if (mode === 'doublestar' && pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          if (pattern[i + 2] === '/') {
            re += '(?:[^/]*(?:/[^/]*)*/)?';
            i += 3;
          } else {
            re += '.*';
            i += 2;
          }
          continue;
        }
      }
      re += mode === 'pathspec' ? '.*' : '[^/]*';
      while (pattern[i] === '*') i++;
    } else if (c === '?') {
      re += mode === 'pathspec' ? '.' : '[^/]';
      i++;
    } else if (c === '[') {
      const { re: cls, next } = classToRe(pattern, i, mode === 'path' ? '^' : '!^', seg === '/' ? '/' : '');
      re += cls;
      i = next;
    } else if (mode === 'doublestar' && c === '{') {
      re += '(?:';
      braceDepth++;
      i++;
    } else if (mode === 'doublestar' && c === '}' && braceDepth > 0) {
      re += ')';
      braceDepth--;
      i++;
    } else if (mode === 'doublestar' && c === ',' && braceDepth > 0) {
      re += '|';
      i++;
    } else {
      re += escapeRe(c);
      i++;
    }
  }
  if (braceDepth > 0) throw new GenerationError(`bad glob pattern ${JSON.stringify(pattern)}: unclosed {`);
  return new RegExp(`^${re}$`, 's');
}

/** Go path.Match */
export function goPathMatch(pattern: string, name: string): boolean {
  return compile(pattern, 'path').test(name);
}

/** `git ls-files -- <pattern>` semantics (no pathspec magic). */
export function gitPathspecMatch(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\.\//, '');
  if (p === '' || p === '.') return true;
  if (!/[*?[\\]/.test(p)) {
    const dir = p.endsWith('/') ? p : p + '/';
    return path === p || path.startsWith(dir);
  }
  return compile(p, 'pathspec').test(path);
}

export function doublestarMatch(pattern: string, path: string): boolean {
  return compile(pattern.replace(/^\.\//, ''), 'doublestar').test(path);
}

/** Filter a repo listing with a git-generator path. */
export function globListing(
  listing: RepoListing,
  pattern: string,
  kind: 'files' | 'directories',
  globbing: GitFileGlobbing = 'legacy',
): string[] {
  if (kind === 'directories') {
    const re = compile(pattern, 'path');
    return listing.directories.filter((d) => re.test(d)).sort();
  }
  const match =
    globbing === 'doublestar'
      ? (p: string) => doublestarMatch(pattern, p)
      : (p: string) => gitPathspecMatch(pattern, p);
  return listing.files.filter(match).sort();
}

/** Derive the directory listing from a list of files (as a git checkout would have it). */
export function listingFromFiles(files: string[]): RepoListing {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) {
      if ((parts[i - 1] ?? '').startsWith('.')) break;
      dirs.add(parts.slice(0, i).join('/'));
    }
  }
  return { files: [...files].sort(), directories: [...dirs].sort() };
}
