/**
 * The render cache: `kustomize build` output kept on disk, keyed by everything the build reads, so
 * a run rebuilds only the targets whose inputs changed.
 *
 * The key of one build is a hash of
 *   - the content (and relative path) of every file the kustomization graph reads: every file in
 *     each kustomization's own directory (the kustomization itself, its patches, generator files),
 *     every file any kustomization names by a relative path (resources, patches, components,
 *     configMapGenerator files/envs, `key=path` entries, replacements, crds, openapi, ...), and the
 *     file names of any named directory that has no kustomization (so adding one is seen);
 *   - the kustomize binary: its path, size, modification time and version;
 *   - this tool's version and the cache format.
 * The graph is traced conservatively: every string in a kustomization that resolves to an existing
 * path counts, whatever field it is in, so an unknown field can only add inputs, never hide one. A
 * build that reads something the cache cannot see (a remote resource, a Helm chart) is never cached.
 * Entries are written atomically (temporary file, then rename); a run that finds none rebuilds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { pruneOldest, writeFileAtomicSync } from './fsutil.js';
import type { Kustomize } from './kustomize.js';
import { TOOL_ROOT, toolCacheDir } from './paths.js';
import { firstYamlValue } from './yaml-stream.js';

/** Bump when what is stored, or how the key is made, changes. */
const CACHE_FORMAT = 1;
/** Entries kept: the oldest beyond this are removed after a run that wrote new ones. */
const MAX_ENTRIES = 500;
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Keys whose entries are fetched from elsewhere, which the cache cannot see change. */
const REMOTE_KEYS = new Set(['helmCharts', 'helmChartInflationGenerator', 'helmGlobals']);

const TOOL_VERSION: string = (() => {
  try {
    return String(
      (JSON.parse(readFileSync(path.join(TOOL_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0',
    );
  } catch {
    return '0';
  }
})();

/** $ZARISH_RENDER_CACHE, else node_modules/.cache/zarish-his-render beside the tool, else the temp dir. */
export function defaultCacheDir(): string {
  return toolCacheDir('render', 'ZARISH_RENDER_CACHE');
}

/** Why a target's build cannot be cached, or the inputs of its build. */
export type TracedInputs =
  | { readonly cacheable: false; readonly why: string }
  | { readonly cacheable: true; readonly inputs: ReadonlyMap<string, string> };

const isRemote = (s: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(s);

function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/**
 * Reads a target's kustomization graph and returns every input, as a map from a description
 * ("file <path relative to the target>" / "dir <path>") to the hash of its content. `hashes` is a
 * per-run memo shared by every target.
 */
export function traceInputs(targetDir: string, hashes: Map<string, string> = new Map()): TracedInputs {
  const base = path.resolve(targetDir);
  const inputs = new Map<string, string>();
  const visited = new Set<string>();
  const hashFile = (full: string): string => {
    let h = hashes.get(full);
    if (h === undefined) {
      h = createHash('sha256').update(readFileSync(full)).digest('hex');
      hashes.set(full, h);
    }
    return h;
  };
  const relMemo = new Map<string, string>();
  const rel = (full: string): string => {
    let r = relMemo.get(full);
    if (r === undefined) {
      r = path.relative(base, full).split(path.sep).join('/') || '.';
      relMemo.set(full, r);
    }
    return r;
  };
  const addFile = (full: string): void => {
    inputs.set(`file ${rel(full)}`, hashFile(full));
  };
  const addListing = (dir: string): void => {
    inputs.set(`dir ${rel(dir)}`, createHash('sha256').update(readdirSync(dir).sort().join('\n')).digest('hex'));
  };
  const walk = (dir: string): string | undefined => {
    if (visited.has(dir)) return undefined;
    visited.add(dir);
    // Everything beside the kustomization: itself, its patches and generator files, and which of
    // kustomization.yaml / .yml / Kustomization exist.
    addListing(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isFile() || (entry.isSymbolicLink() && statSync(path.join(dir, entry.name)).isFile()))
        addFile(path.join(dir, entry.name));
    const kfile = KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (!kfile) return undefined;
    let value: unknown;
    try {
      const text = readFileSync(kfile, 'utf8');
      value = firstYamlValue(text);
    } catch {
      return undefined; // kustomize reports it; a failed build is never cached
    }
    if (!value || typeof value !== 'object') return undefined;
    const kustomization = value as Record<string, unknown>;
    for (const key of Object.keys(kustomization))
      if (REMOTE_KEYS.has(key)) return `${rel(kfile)} uses ${key} (fetched from elsewhere)`;
    for (const key of ['resources', 'bases', 'components']) {
      for (const entry of strings(kustomization[key], []))
        if (isRemote(entry)) return `${rel(kfile)} names a remote ${key.replace(/s$/, '')} (${entry})`;
    }
    for (const s of strings(kustomization, [])) {
      if (s.includes('\n') || s.length > 4096 || isRemote(s)) continue;
      // generator entries may be "key=path"
      for (const candidate of new Set([s, s.slice(s.indexOf('=') + 1)])) {
        if (!candidate) continue;
        const full = path.resolve(dir, candidate);
        let stat: Stats;
        try {
          stat = statSync(full);
        } catch {
          continue;
        }
        if (stat.isFile()) addFile(full);
        else if (stat.isDirectory()) {
          if (KUSTOMIZATION_FILES.some((f) => existsSync(path.join(full, f)))) {
            const why = walk(full);
            if (why) return why;
          } else addListing(full);
        }
      }
    }
    return undefined;
  };
  try {
    const why = walk(base);
    if (why) return { cacheable: false, why };
  } catch (error) {
    return { cacheable: false, why: `cannot read its inputs: ${(error as Error).message}` };
  }
  return { cacheable: true, inputs };
}

function kustomizeIdentity(k: Kustomize): string {
  let stamp = '';
  try {
    const s = statSync(k.command);
    stamp = `${s.size}:${s.mtimeMs}`;
  } catch {
    // a command found on PATH by name: its version is what we have
  }
  return `${k.command}\u0000${k.buildArgs.join(' ')}\u0000${k.version}\u0000${stamp}`;
}

export function cacheKey(k: Kustomize, inputs: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256').update(
    `zarish-his-render ${CACHE_FORMAT}\u0000${TOOL_VERSION}\u0000${kustomizeIdentity(k)}\u0000`,
  );
  for (const name of [...inputs.keys()].sort()) hash.update(`${name}\u0000${inputs.get(name) as string}\n`);
  return hash.digest('hex').slice(0, 48);
}

export interface CacheStats {
  hits: string[];
  misses: string[];
  uncacheable: string[];
}

/** One run's view of the cache directory. */
export class RenderCache {
  readonly stats: CacheStats = { hits: [], misses: [], uncacheable: [] };
  /** the key of each cacheable build of this run, by absolute target directory (keys the findings cache) */
  readonly keys = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  private wrote = false;

  constructor(readonly dir: string = defaultCacheDir()) {}

  /** Whether get() would return `targetDir`'s output from the cache (without building). */
  has(k: Kustomize, targetDir: string): boolean {
    const traced = traceInputs(targetDir, this.hashes);
    return traced.cacheable && existsSync(path.join(this.dir, `${cacheKey(k, traced.inputs)}.yaml`));
  }

  /** `build()`'s output for `targetDir`, from the cache when every input is unchanged. */
  async get(k: Kustomize, targetDir: string, build: () => Promise<string>, label: string = targetDir): Promise<string> {
    const traced = traceInputs(targetDir, this.hashes);
    if (!traced.cacheable) {
      this.stats.uncacheable.push(`${label} (${traced.why})`);
      return build();
    }
    const key = cacheKey(k, traced.inputs);
    this.keys.set(path.resolve(targetDir), key);
    const file = path.join(this.dir, `${key}.yaml`);
    try {
      const text = readFileSync(file, 'utf8');
      this.stats.hits.push(label);
      return text;
    } catch {
      // not cached yet
    }
    const text = await build();
    this.stats.misses.push(label);
    try {
      writeFileAtomicSync(file, text);
      this.wrote = true;
    } catch {
      // a read-only cache directory only costs speed
    }
    return text;
  }

  /** Removes the oldest entries beyond MAX_ENTRIES (after a run that wrote some); also the findings cache's. */
  prune(max = MAX_ENTRIES, force = false): void {
    if (!this.wrote && !force) return;
    for (const ext of ['.yaml', '.json']) pruneOldest(this.dir, ext, max);
  }

  /** One line for stderr: what came from the cache and what was rebuilt. */
  summary(): string {
    const { hits, misses, uncacheable } = this.stats;
    const parts = [
      `${hits.length} unchanged (cached)`,
      `${misses.length} rebuilt${misses.length > 0 && misses.length <= 4 ? ` (${misses.join(', ')})` : ''}`,
    ];
    if (uncacheable.length > 0) parts.push(`${uncacheable.length} not cacheable: ${uncacheable.join('; ')}`);
    return `render cache: ${parts.join(', ')}`;
  }
}
