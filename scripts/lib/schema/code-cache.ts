/**
 * Loading compiled validators (CommonJS) with V8's code cache.
 *
 * The compiled validators of the large CRDs are megabytes of JavaScript, and kubernetes-models'
 * are hundreds of small modules; `require` parses them on every run, and V8 compiles each function
 * body again the first time it runs. Node 20 has no module compile cache (`module.enableCompileCache`
 * is Node 22), so these files are loaded through `vm.Script` with `cachedData`: after a run that
 * used a validator, V8's code cache of its script (the functions compiled so far included) is
 * written to a cache folder, keyed by a digest of the source text and V8's version, and later runs
 * skip both the parse and the lazy compiles. V8 checks the data it is given (its version and flags)
 * and rejects what does not fit; a rejected or missing cache only costs the compile, and is written
 * again at exit. The digest is ours because V8 checks only the source's length.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../fsutil.js';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { toolCacheDir } from '../paths.js';

const pending = new Map<string, vm.Script>();

/**
 * The code caches of modules in node_modules (and other facts read from libraries):
 * $ZARISH_V8_CACHE, else node_modules/.cache/zarish-his-v8, else the OS temp dir.
 */
export function codeCacheDir(): string {
  return toolCacheDir('v8', 'ZARISH_V8_CACHE');
}
let hooked = false;

function writeAtomically(file: string, content: Buffer): void {
  try {
    writeFileAtomicSync(file, content);
  } catch {
    // an optimisation only: a read-only disk costs the compile next time
  }
}

/** Writes the code cache of every script loaded without a usable one (at exit, or when called). */
export function saveCodeCaches(): void {
  for (const [file, script] of pending) writeAtomically(file, script.createCachedData());
  pending.clear();
}

export interface CodeCacheOptions {
  /** where the code caches go (default: beside the file) */
  readonly cacheDir?: string | undefined;
  /**
   * Which of the modules the file requires are loaded the same way (by resolved path; e.g. the
   * other files of the same package); the rest are loaded by Node's require.
   */
  readonly within?: ((resolved: string) => boolean) | undefined;
}

type Wrapper = (
  exports: unknown,
  require: (id: string) => unknown,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

const loaded = new Map<string, { exports: unknown }>();
const fromHere = createRequire(import.meta.url);

/**
 * The exports of a CommonJS file, compiled with V8's code cache when one fits; each file once per
 * process, like require. Its `require` resolves as Node's does from the file.
 */
export function requireWithCodeCache(file: string, options: CodeCacheOptions = {}): unknown {
  const known = loaded.get(file);
  if (known) return known.exports;
  const source = readFileSync(file, 'utf8');
  const digest = createHash('sha1').update(source).digest('hex');
  const cacheFile = path.join(options.cacheDir ?? path.dirname(file), `${digest}.v8-${process.versions.v8}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    pending.set(cacheFile, script);
    if (!hooked) {
      hooked = true;
      process.once('exit', saveCodeCaches);
    }
  }
  const wrapper = script.runInThisContext() as Wrapper;
  const module = { exports: {} as unknown };
  // registered before it runs, as Node does, so that a cycle sees the partial exports
  loaded.set(file, module);
  const fromFile = createRequire(file);
  // a package the file names is found from the file, else from this tool (a cache outside node_modules)
  const resolve = (id: string): string => {
    try {
      return fromFile.resolve(id);
    } catch (error) {
      if (id.startsWith('.') || path.isAbsolute(id)) throw error;
      return fromHere.resolve(id);
    }
  };
  const localRequire = (id: string): unknown => {
    const resolved = resolve(id);
    return options.within?.(resolved) ? requireWithCodeCache(resolved, options) : fromFile(resolved);
  };
  try {
    wrapper.call(module.exports, module.exports, localRequire, module, file, path.dirname(file));
  } catch (error) {
    loaded.delete(file);
    throw error;
  }
  return module.exports;
}

/**
 * A package's CommonJS build loaded with the code cache, its own modules and those of the packages
 * `within` matches too (by resolved path); anything else it requires by Node's require.
 */
export function requirePackageWithCodeCache(id: string, within: RegExp): unknown {
  return requireWithCodeCache(fromHere.resolve(id), { cacheDir: codeCacheDir(), within: (f) => within.test(f) });
}
