/**
 * Loading the cached ajv standalone validators with V8's code cache.
 *
 * The compiled validators of the large CRDs are megabytes of JavaScript; `require` parses them on
 * every run, and V8 compiles each function body again the first time it runs. Node 20 has no
 * module compile cache (`module.enableCompileCache` is Node 22), so these files are loaded through
 * `vm.Script` with `cachedData`: after the first run that uses a validator, V8's code cache of the
 * script (the functions compiled so far included) is written beside it, and later runs skip both
 * the parse and the lazy compiles. V8 checks the data itself (its version, flags and the source's
 * hash) and rejects data that does not fit; the file name also carries Node's version. A rejected
 * or missing cache only costs the compile, and is written again at exit.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const pending = new Map<string, vm.Script>();
let hooked = false;

function writeAtomically(file: string, content: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch {
    // an optimisation only: a read-only disk costs the compile next time
  }
}

/** Writes the code cache of every script loaded without a usable one (at exit, or when called). */
export function saveCodeCaches(): void {
  for (const [file, script] of pending) writeAtomically(file, script.createCachedData());
  pending.clear();
}

const codeCacheFile = (file: string): string => `${file}.v8-${process.versions.v8}.cache`;

/**
 * The exports of a CommonJS file, compiled with V8's code cache when one fits. Its `require` resolves
 * from this package (the validators require ajv's runtime).
 */
export function requireWithCodeCache(file: string): unknown {
  const cacheFile = codeCacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    pending.set(cacheFile, script);
    if (!hooked) {
      hooked = true;
      process.once('exit', saveCodeCaches);
    }
  }
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(import.meta.url), module, file, path.dirname(file));
  return module.exports;
}
