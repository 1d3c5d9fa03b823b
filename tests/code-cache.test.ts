import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache, saveCodeCaches } from '../scripts/lib/schema/code-cache.js';

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

const cacheOf = (file: string): string | undefined => {
  const dir = path.dirname(file);
  const name = `${path.basename(file)}.v8-${process.versions.v8}.cache`;
  return existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined;
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
    // the second load uses it and gives the same function
    const again = requireWithCodeCache(file) as (x: unknown) => boolean;
    expect(again(3)).toBe(true);
    expect(again('3')).toBe(false);
  });

  it('a damaged or foreign code cache is rejected by V8 and written again, with the same result', () => {
    const file = moduleFile(SOURCE);
    requireWithCodeCache(file);
    saveCodeCaches();
    const cache = cacheOf(file) as string;
    writeFileSync(cache, Buffer.from('not a V8 code cache'));
    // another text, so V8's in-process compilation cache (which would skip the data) does not answer
    writeFileSync(file, `${SOURCE}// again\n`);
    const validate = requireWithCodeCache(file) as (x: unknown) => boolean;
    expect(validate(5)).toBe(true);
    saveCodeCaches();
    expect(readFileSync(cache).toString()).not.toBe('not a V8 code cache');
  });

  it('a changed source with the old cache still runs the new code', () => {
    const file = moduleFile(SOURCE);
    requireWithCodeCache(file);
    saveCodeCaches();
    writeFileSync(file, SOURCE.replace('x > 1', 'x > 10'));
    const before = readFileSync(cacheOf(file) as string);
    const validate = requireWithCodeCache(file) as (x: unknown) => boolean;
    expect(validate(5)).toBe(false);
    expect(validate(11)).toBe(true);
    saveCodeCaches();
    expect(readFileSync(cacheOf(file) as string).equals(before)).toBe(false);
  });
});
