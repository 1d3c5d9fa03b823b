/** The Git generator: directories or files of this repository (read through the RepoSource) as parameter sets. */
import { isObj } from '../../objects.js';
import { GenerationError } from '../errors.js';
import { sanitizeName } from '../normalize.js';
import type { Params } from '../template.js';
import { parseArgoYaml } from '../yaml.js';
import { appendTemplatedValues, deepClone, flattenParams } from './params.js';
import type { Generator, GeneratorContext, Obj } from './types.js';

function normalizeRepoURL(u: string): string {
  return u
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/^git@([^:]+):/, 'ssh://git@$1/')
    .replace(/^(https?|ssh):\/\/(?:[^@/]+@)?/, '//');
}

function strField(o: Obj, key: string, where: string, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new GenerationError(`${where}.${key} is required (a string)`);
    return undefined;
  }
  if (typeof v !== 'string') throw new GenerationError(`${where}.${key}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function pathParts(p: string): { dir: string; base: string } {
  const clean = p.replace(/\/+$/, '');
  const i = clean.lastIndexOf('/');
  return { dir: i < 0 ? '.' : clean.slice(0, i) || '/', base: i < 0 ? clean : clean.slice(i + 1) };
}

function setPathParams(
  params: Params,
  path: string,
  filename: string | undefined,
  prefix: string,
  ctx: GeneratorContext,
): void {
  const basename = pathParts(path).base;
  if (ctx.engine.goTemplate) {
    const pp: Obj = { path, basename, basenameNormalized: sanitizeName(basename), segments: path.split('/') };
    if (filename !== undefined) {
      pp.filename = filename;
      pp.filenameNormalized = sanitizeName(filename);
    }
    if (prefix !== '') params[prefix] = { path: pp };
    else params.path = pp;
    return;
  }
  const name = prefix !== '' ? `${prefix}.path` : 'path';
  params[name] = path;
  params[`${name}.basename`] = basename;
  if (filename !== undefined) params[`${name}.filename`] = filename;
  params[`${name}.basenameNormalized`] = sanitizeName(basename);
  if (filename !== undefined) params[`${name}.filenameNormalized`] = sanitizeName(filename);
  path.split('/').forEach((seg, i) => {
    if (seg !== '') params[`${name}[${i}]`] = seg;
  });
}

interface PathEntry {
  path: string;
  exclude: boolean;
}

function pathEntries(v: unknown, where: string): PathEntry[] {
  if (!Array.isArray(v)) throw new GenerationError(`${where}: expected a list of {path, exclude}`);
  return v.map((e, i) => {
    if (!isObj(e) || typeof e.path !== 'string')
      throw new GenerationError(`${where}[${i}]: expected {path: <glob>, exclude?: bool}`);
    return { path: e.path, exclude: e.exclude === true };
  });
}

async function directories(g: Obj, ctx: GeneratorContext, where: string, prefix: string): Promise<Params[]> {
  const entries = pathEntries(g.directories, `${where}.directories`);
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const e of entries) {
    for (const d of await ctx.repo.glob(e.path, 'directories')) (e.exclude ? excluded : included).add(d);
  }
  const res: Params[] = [];
  for (const dir of [...included].filter((d) => !excluded.has(d)).sort()) {
    const params: Params = {};
    setPathParams(params, dir, undefined, prefix, ctx);
    appendTemplatedValues(g.values, params, ctx, where);
    res.push(params);
  }
  return res;
}

async function files(g: Obj, ctx: GeneratorContext, where: string, prefix: string): Promise<Params[]> {
  const entries = pathEntries(g.files, `${where}.files`);
  const matched = new Set<string>();
  for (const e of entries.filter((x) => !x.exclude))
    for (const f of await ctx.repo.glob(e.path, 'files', { globbing: ctx.globbing })) matched.add(f);
  for (const e of entries.filter((x) => x.exclude))
    for (const f of await ctx.repo.glob(e.path, 'files', { globbing: ctx.globbing })) matched.delete(f);
  const res: Params[] = [];
  for (const file of [...matched].sort()) {
    const text = await ctx.repo.readFile(file);
    if (text === undefined) throw new GenerationError(`${where}: file ${file} matched but could not be read`);
    let parsed: unknown;
    try {
      parsed = parseArgoYaml(text);
    } catch (e) {
      throw new GenerationError(`${where}: unable to parse file ${file}: ${(e as Error).message}`);
    }
    let objects: Obj[];
    if (parsed === null || parsed === undefined) objects = [{}];
    else if (Array.isArray(parsed)) {
      if (!parsed.every(isObj))
        throw new GenerationError(`${where}: unable to parse file ${file}: expected an object or a list of objects`);
      objects = parsed.length === 0 ? [{}] : (parsed as Obj[]);
    } else if (isObj(parsed)) objects = [parsed];
    else
      throw new GenerationError(
        `${where}: unable to parse file ${file}: expected an object or a list ` +
          `of objects, got ${JSON.stringify(parsed)}`,
      );
    const dir = pathParts(file).dir;
    const filename = pathParts(file).base;
    for (const obj of objects) {
      const params: Params = ctx.engine.goTemplate ? deepClone(obj) : flattenParams(obj);
      setPathParams(params, dir, filename, prefix, ctx);
      appendTemplatedValues(g.values, params, ctx, where);
      res.push(params);
    }
  }
  return res;
}

export const gitGenerator: Generator = {
  kind: 'git',
  async generate(g, ctx, where) {
    const repoURL = strField(g, 'repoURL', where) as string;
    const known = ctx.repoURLs.map(normalizeRepoURL);
    if (!known.includes(normalizeRepoURL(repoURL))) {
      throw new GenerationError(
        `${where}.repoURL ${JSON.stringify(repoURL)} is not this repository ` +
          `(expected one of: ${ctx.repoURLs.join(', ') || '<none configured>'}); ` +
          `the offline renderer can only read the local repository`,
      );
    }
    const prefix = strField(g, 'pathParamPrefix', where, false) ?? '';
    const hasDirs = g.directories !== undefined && g.directories !== null;
    const hasFiles = g.files !== undefined && g.files !== null;
    if (hasDirs === hasFiles) throw new GenerationError(`${where}: expected exactly one of directories or files`);
    return hasDirs ? directories(g, ctx, where, prefix) : files(g, ctx, where, prefix);
  },
};
