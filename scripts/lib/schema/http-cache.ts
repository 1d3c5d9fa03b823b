/**
 * Schemas fetched from http(s) locations, kept in a cache folder between runs (one file per URL,
 * written atomically): prepare() fetches, lookup() only reads.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ToolError } from '../errors.js';

/** Where fetched schemas are kept between runs. */
export const HTTP_CACHE_DIR = path.join(tmpdir(), 'zarish-his-gitops-schema-cache');

/** The cache file of a URL. */
export function cachedFile(cacheDir: string, url: string): string {
  return path.join(cacheDir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
}

/** true when the URL answered with a schema (now cached); false for 404; throws on other failures. */
export async function fetchToCache(cacheDir: string, url: string): Promise<boolean> {
  const file = cachedFile(cacheDir, url);
  if (existsSync(file)) return true;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ToolError(`cannot fetch schema ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 404) return false;
  if (!response.ok) throw new ToolError(`cannot fetch schema ${url}: HTTP ${response.status}`);
  const text = await response.text();
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return true;
}
