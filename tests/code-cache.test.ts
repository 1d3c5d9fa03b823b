import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache, saveCodeCaches } from '../scripts/lib/schema/code-cache.js';
import { runScript } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function moduleFile(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zarish-code-cache-'));
  dirs.push(dir);
  const file = path.join(dir, 'validator.cjs');
  writeFileSync(file, source);
  return file;
}

/** The code cache written for the file's current text. */
const cacheOf = (file: string): string | undefined => {
  const digest = createHash('sha1').update(readFileSync(file)).digest('hex');
  const cache = path.join(path.dirname(file), `${digest}.v8-${process.versions.v8}.cache`);
  return existsSync(cache) ? cache : undefined;
};

let serial = 0;
/** Each test loads its own file names: a file is loaded once per process, as with require. */
const fresh = (file: string): string => {
  const copy = file.replace(/\.cjs$/, `-${++serial}.cjs`);
  writeFileSync(copy, readFileSync(file));
  return copy;
};

const SOURCE = `"use strict";
const { join } = require("node:path");
module.exports = function validate(x) { return typeof x === "number" && x > 1 && join("a", "b") === "a/b"; };
module.exports.errors = null;
`;

describe('validators loaded with V8 code cache', () => {
  it('loads a CommonJS file with its require and module, and writes its code cache once used', () => {
    const file = moduleFile(SOURCE);
    const validate = requireWithCodeCache(file) as (x: unknown) => boolean;
    expect(validate(2)).toBe(true);
    expect(validate(0)).toBe(false);
    expect(cacheOf(file)).toBeUndefined();
    saveCodeCaches();
    const cache = cacheOf(file);
    expect(cache).toBeDefined();
    expect(readFileSync(cache as string).length).toBeGreaterThan(0);
    // a second load of the same text (another file name: one load per file and process) uses it
    const written = statSync(cache as string).mtimeMs;
    const again = requireWithCodeCache(fresh(file)) as (x: unknown) => boolean;
    expect(again(3)).toBe(true);
    expect(again('3')).toBe(false);
    // V8 took the data: nothing is pending to be written again
    saveCodeCaches();
    expect(statSync(cache as string).mtimeMs).toBe(written);
  });

  it('a damaged or foreign code cache is rejected by V8 and written again, with the same result', () => {
    const file = moduleFile(SOURCE);
    const digest = createHash('sha1').update(SOURCE).digest('hex');
    const cache = path.join(path.dirname(file), `${digest}.v8-${process.versions.v8}.cache`);
    writeFileSync(cache, 'not a V8 code cache');
    const validate = requireWithCodeCache(file) as (x: unknown) => boolean;
    expect(validate(5)).toBe(true);
    saveCodeCaches();
    expect(readFileSync(cache).toString()).not.toBe('not a V8 code cache');
  });

  it('a source changed to the same length runs the new code (V8 itself checks only the length)', () => {
    // the same file name and the same cache folder: only the digest of the text tells them apart
    const file = moduleFile(SOURCE);
    const cacheDir = path.dirname(file);
    requireWithCodeCache(file, { cacheDir });
    saveCodeCaches();
    const changed = SOURCE.replace('x > 1', 'x > 7');
    expect(changed.length).toBe(SOURCE.length);
    const validate = requireWithCodeCache(moduleFile(changed), { cacheDir }) as (x: unknown) => boolean;
    expect(validate(5)).toBe(false);
    expect(validate(8)).toBe(true);
  });

  it('loads the modules a file requires the same way when asked, each once, cycles included', () => {
    // validator.cjs requires b.cjs, which requires validator.cjs while it is still loading: as with
    // require, b gets its exports so far (an empty object), and neither module runs twice
    const file = moduleFile(
      '"use strict"; globalThis.zarishLoads.push("validator"); const b = require("./b.cjs");' +
        ' module.exports = () => b.value + b.back();',
    );
    const dir = path.dirname(file);
    writeFileSync(
      path.join(dir, 'b.cjs'),
      '"use strict"; globalThis.zarishLoads.push("b"); const v = require("./validator.cjs");' +
        ' exports.value = 40; exports.back = () => typeof v;',
    );
    const loads: string[] = [];
    Object.assign(globalThis, { zarishLoads: loads });
    const sum = requireWithCodeCache(file, { within: (f) => f.startsWith(dir) }) as () => string;
    expect(sum()).toBe('40object');
    expect(requireWithCodeCache(file, { within: (f) => f.startsWith(dir) })).toBe(sum);
    expect(loads).toEqual(['validator', 'b']);
    saveCodeCaches();
    const b = createHash('sha1')
      .update(readFileSync(path.join(dir, 'b.cjs')))
      .digest('hex');
    expect(existsSync(path.join(dir, `${b}.v8-${process.versions.v8}.cache`))).toBe(true);
  });
});

describe('validate with the code caches, first and second run', () => {
  it('reports the same findings when the caches are written and when they are read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zarish-code-cache-cli-'));
    dirs.push(dir);
    const manifest = path.join(dir, 'deployment.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: nginx:1.27.0',
        '        imagePullPolicyy: Always',
        '',
      ].join('\n'),
    );
    const env = { ZARISH_V8_CACHE: path.join(dir, 'v8') };
    const run = () => runScript('validate', [manifest, '--only', 'schema', '--format', 'json'], { env });
    const first = await run();
    expect(first.stdout).toContain('imagePullPolicyy');
    const written = readdirSync(path.join(dir, 'v8'));
    expect(written.some((f) => f.startsWith('client-node-') && f.endsWith('.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('.cache'))).toBe(true);
    const second = await run();
    expect(second.code).toBe(first.code);
    expect(second.stdout).toBe(first.stdout);
  });
});
