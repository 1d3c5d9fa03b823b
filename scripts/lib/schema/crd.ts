/**
 * Schemas for custom resources: the project's own JSON Schemas under schemas/ (kubeconform layout,
 * `<group>/<kind lowercase>_<version>.json`) plus any `--schema-location`s, compiled once with ajv.
 * Locations are in locations.ts, the http(s) cache in http-cache.ts, compiling and its cache in
 * compile.ts, and the text of schema findings in messages.ts.
 *
 * lookup() is synchronous: local files are read with readFileSync; http(s) locations are fetched
 * ahead of time by prepare() into a cache under os.tmpdir(), and lookup() only reads that cache.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../errors.js';
import { isObj } from '../objects.js';
import { TOOL_ROOT } from '../paths.js';
import { compileCached, prepareSchema } from './compile.js';
import { cachedFile, fetchToCache, HTTP_CACHE_DIR } from './http-cache.js';
import { parseLocation, splitGvk } from './locations.js';
import { toIssues } from './messages.js';
import type { ObjectValidator, SchemaIssue, SchemaSource } from './types.js';

export { HTTP_CACHE_DIR } from './http-cache.js';

export interface CrdSchemaOptions {
  /** project schema dir(s), default [<repo>/schemas] */
  dirs?: string[];
  /**
   * extra --schema-location values: a directory (or http(s) base URL) in kubeconform layout
   * {group}/{kind}_{version}.json, or a path/URL template with {group} {kind} {version}
   * (kubeconform's {{ .Group }} {{ .ResourceKind }} {{ .ResourceAPIVersion }} and {{ .Kind }} work too)
   */
  locations?: string[];
  /** where schemas fetched over http(s) are kept, default HTTP_CACHE_DIR */
  cacheDir?: string;
}

export interface Gvk {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface CrdSchemaSource extends SchemaSource {
  /** Fetch the schemas of these kinds from http(s) locations into the local cache (no-op without any). */
  prepare(gvks: readonly Gvk[]): Promise<void>;
}

/** <repo>/schemas, found relative to this module (scripts/lib/schema/crd.ts). */
export const DEFAULT_SCHEMA_DIR = path.join(TOOL_ROOT, 'schemas');

export function crdSchemas(options: CrdSchemaOptions): CrdSchemaSource {
  const dirs = options.dirs && options.dirs.length > 0 ? options.dirs : [DEFAULT_SCHEMA_DIR];
  const locations = [
    ...dirs.map((d) => parseLocation(d, true)),
    ...(options.locations ?? []).map((l) => parseLocation(l, false)),
  ];
  const cacheDir = options.cacheDir ?? HTTP_CACHE_DIR;
  const cache = new Map<string, ObjectValidator | null>();
  const compiled = new Map<string, ObjectValidator>();

  function lookup(apiVersion: string, kind: string): ObjectValidator | undefined {
    const key = `${apiVersion}\u0000${kind}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const gvk = splitGvk(apiVersion, kind);
    let found: ObjectValidator | null = null;
    if (gvk) {
      for (const location of locations) {
        const file = location.resolve(gvk);
        if (!file) continue;
        const local = location.remote ? cachedFile(cacheDir, file) : file;
        if (!existsSync(local)) continue;
        found = compiled.get(local) ?? compileFile(local, file, kind);
        compiled.set(local, found);
        break;
      }
    }
    cache.set(key, found);
    return found ?? undefined;
  }

  async function prepare(gvks: readonly Gvk[]): Promise<void> {
    const remotes = locations.filter((l) => l.remote);
    if (remotes.length === 0) return;
    for (const { apiVersion, kind } of gvks) {
      const gvk = splitGvk(apiVersion, kind);
      if (!gvk) continue;
      // a local hit wins: do not fetch what the project already has
      const localHit = locations.some((l) => {
        if (l.remote) return false;
        const file = l.resolve(gvk);
        return file !== undefined && existsSync(file);
      });
      if (localHit) continue;
      for (const location of remotes) {
        const url = location.resolve(gvk);
        if (url && (await fetchToCache(cacheDir, url))) {
          cache.delete(`${apiVersion}\u0000${kind}`); // forget an earlier miss
          break;
        }
      }
    }
  }

  return { name: 'crd', lookup, prepare };
}

/** Same as source.prepare(gvks), for callers holding the source as a plain SchemaSource. */
export async function preloadCrdSchemas(source: SchemaSource, gvks: readonly Gvk[]): Promise<void> {
  if ('prepare' in source && typeof source.prepare === 'function') await (source as CrdSchemaSource).prepare(gvks);
}

/** `shown` is what the error names (the URL for fetched schemas). */
function compileFile(file: string, shown: string, kind: string): ObjectValidator {
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ToolError(`schema ${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObj(schema)) throw new ToolError(`schema ${shown} is not a JSON object`);
  const prepared = prepareSchema(schema);
  if (typeof prepared.$schema === 'string' && !/(2020-12|2019-09|draft-07)/.test(prepared.$schema))
    delete prepared.$schema;
  delete prepared.$id; // one shared ajv per draft: ids of unrelated files must not collide
  const validate = compileCached(prepared, shown);
  return (object: unknown): SchemaIssue[] => {
    if (validate(object)) return [];
    return toIssues(validate.errors ?? [], object, kind);
  };
}
