/**
 * The parsed values of kustomize outputs seen before, as JSON: reading 250 KB of JSON takes a few
 * milliseconds where parsing the same YAML again takes tens (and warming up the YAML reader). An
 * entry is keyed by a digest of the output text and this format, so it can never answer for other
 * text; it holds each document's value, its first line and where its text is in the output (for
 * the lines of findings, which still come from the YAML). Only outputs whose every document the
 * fast reader took, and whose values survive JSON unchanged (finite numbers, no -0, no __proto__
 * key), are cached. Entries live beside the render cache (<render cache>-values), are used only with it (not with
 * --no-cache); the oldest are removed beyond a limit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pruneOldest, writeFileAtomicSync } from './fsutil.js';
import path from 'node:path';
import { defaultCacheDir } from './render-cache.js';

const FORMAT = 1;
const KEEP = 64;

export interface CachedDocument {
  readonly value: Record<string, unknown>;
  /** 1-based line of the document's content in the output */
  readonly line: number;
  /** the document's text: output.slice(start, end); its first line is startLine */
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
}

const dir = (): string => `${defaultCacheDir()}-values`;

export function valuesKey(text: string): string {
  return createHash('sha1').update(`${FORMAT}\u0000${text}`).digest('hex');
}

function disabled(): boolean {
  return process.env.ZARISH_VALUES_CACHE === '0';
}

export function readValues(key: string): CachedDocument[] | undefined {
  if (disabled()) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir(), `${key}.json`), 'utf8'));
    return Array.isArray(parsed) ? (parsed as CachedDocument[]) : undefined;
  } catch {
    return undefined;
  }
}

/** True when JSON gives back exactly this value. */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, '__proto__')) return false;
    return Object.values(value).every(jsonSafe);
  }
  return false;
}

export function writeValues(key: string, documents: readonly CachedDocument[]): void {
  if (disabled() || !documents.every((d) => jsonSafe(d.value))) return;
  const folder = dir();
  try {
    writeFileAtomicSync(path.join(folder, `${key}.json`), JSON.stringify(documents));
    pruneOldest(folder, '.json', KEEP);
  } catch {
    // a cache is an optimisation
  }
}
