/**
 * What `<binary> version` printed, remembered per binary file: the path, size, inode, and change and
 * modification times (a rebuilt, replaced or touched binary is asked again). Saves starting a
 * process or two on every run. Kept in one small JSON file beside the render cache, written
 * atomically; `ZARISH_VERSION_MEMO=0` turns it off.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { writeFileAtomicSync } from './fsutil.js';
import path from 'node:path';
import { loadExeca } from './execa-lazy.js';
import { defaultCacheDir } from './render-cache.js';

const file = (): string => `${defaultCacheDir()}-versions.json`;

function identity(command: string): string | undefined {
  if (!path.isAbsolute(command)) return undefined;
  try {
    const real = realpathSync(command);
    const s = statSync(real);
    if (!s.isFile()) return undefined;
    return [real, s.size, s.ino, s.mtimeMs, s.ctimeMs].join('\u0000');
  } catch {
    return undefined;
  }
}

function readMemo(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(readFileSync(file(), 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The version `ask` gives for this binary, asked only when the binary is not the one asked before. */
export async function rememberedVersion(command: string, ask: () => Promise<string>): Promise<string> {
  const key = process.env.ZARISH_VERSION_MEMO === '0' ? undefined : identity(command);
  if (key === undefined) return ask();
  const memo = readMemo();
  const known = memo[key];
  if (typeof known === 'string') return known;
  const version = await ask();
  try {
    // entries for binaries that no longer exist as they were are dropped
    const kept = Object.fromEntries(Object.entries(memo).filter(([k]) => identity(k.split('\u0000')[0] ?? '') === k));
    writeFileAtomicSync(file(), JSON.stringify({ ...kept, [key]: version }));
  } catch {
    // remembering is an optimisation
  }
  return version;
}

/** What `command version` prints (stdout), remembered as above. */
export function binaryVersion(command: string): Promise<string> {
  return rememberedVersion(command, async () => {
    const execa = await loadExeca();
    return (await execa(command, ['version'], { timeout: 20_000, stdin: 'ignore' })).stdout;
  });
}
