/**
 * Generators (list, clusters, git directories/files, matrix, merge) and the
 * per-generator `Transform` step: generator template merge, interpolation of a
 * matrix's second child with the first child's params, post selectors.
 * Pure except for reads through the RepoSource.
 */
import { GenerationError } from './errors.js';
import { goSprint } from './gotemplate/index.js';
import type { GitFileGlobbing } from './glob.js';
import { sanitizeName } from './normalize.js';
import type { RepoSource } from './repo-source.js';
import { parseSelector, selectorMatches, isEmptySelector } from './selector.js';
import { prepare, renderDeep, renderString } from './template.js';
import type { Engine, Params } from './template.js';
import { parseArgoYaml } from './yaml.js';

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';
const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

export interface ClusterInfo {
  secretName: string;
  name: string;
  server: string;
  project: string | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface GeneratorContext {
  engine: Engine;
  clusters: ClusterInfo[];
  repo: RepoSource;
  repoURLs: string[];
  globbing: GitFileGlobbing;
  inClusterEnabled: boolean;
}

export interface TransformResult {
  params: Params[];
  template: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const GENERATOR_KINDS = ['list', 'clusters', 'git', 'matrix', 'merge'] as const;
const UNSUPPORTED = ['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin'];

// ------------------------------------------------------------ cluster secrets

function decodeData(data: unknown, key: string): string | undefined {
  if (!isObj(data) || typeof data[key] !== 'string') return undefined;
  return Buffer.from(data[key] as string, 'base64').toString('utf8');
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

/** Read a cluster Secret (`argocd.argoproj.io/secret-type: cluster`); undefined for other objects. */
export function parseClusterSecret(obj: Obj, argocdNamespace: string): ClusterInfo | undefined {
  if (obj.kind !== 'Secret') return undefined;
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const labels = stringMap(meta.labels);
  if (labels[SECRET_TYPE_LABEL] !== 'cluster') return undefined;
  if (typeof meta.namespace === 'string' && meta.namespace !== argocdNamespace) return undefined;
  const field = (k: string): string | undefined => {
    const sd = isObj(obj.stringData) ? obj.stringData[k] : undefined;
    if (typeof sd === 'string') return sd;
    return decodeData(obj.data, k);
  };
  return {
    secretName: typeof meta.name === 'string' ? meta.name : '',
    name: field('name') ?? '',
    server: field('server') ?? '',
    project: field('project'),
    labels,
    annotations: stringMap(meta.annotations),
  };
}

// ------------------------------------------------------------ helpers

/** flatten.Flatten(..., DotStyle) with fmt %v values: used for post selectors and fasttemplate. */
export function flattenParams(v: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const key = prefix === '' ? k : `${prefix}.${k}`;
      if (isObj(x) || Array.isArray(x)) flattenParams(x, key, out);
      else out[key] = goString(x);
    }
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => {
      const key = prefix === '' ? String(i) : `${prefix}.${i}`;
      if (isObj(x) || Array.isArray(x)) flattenParams(x, key, out);
      else out[key] = goString(x);
    });
  }
  return out;
}

/** fmt.Sprintf("%v") of a decoded JSON scalar (numbers are float64 in Argo CD). */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goSprint(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/**
 * In Go, the `values` a Clusters or Git generator adds (goTemplate) is a map[string]string, while
 * maps from list elements and git files are map[string]interface{}. mergo cannot write the latter
 * into the former: the controller panics. The marker keeps that type through clones and merges.
 */
const GO_STRING_MAP = Symbol('map[string]string');

function markStringMap<T extends object>(o: T): T {
  Object.defineProperty(o, GO_STRING_MAP, { value: true, enumerable: false });
  return o;
}

function isStringMap(o: unknown): boolean {
  return isObj(o) && (o as Record<symbol, unknown>)[GO_STRING_MAP] === true;
}

/** A deep copy of JSON-like data that keeps the map[string]string marker. */
function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepClone(x)) as T;
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = deepClone(x);
    return (isStringMap(v) ? markStringMap(out) : out) as T;
  }
  return v;
}

/** What the controller's recovered panic says when mergo writes a map[string]interface{} into a map[string]string. */
export const MERGO_PANIC = 'reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string';

/** mergo.Merge(dst, src, WithOverride): src wins, nested maps merged. */
export function mergeOverride(dst: Obj, src: Obj): Obj {
  if (isStringMap(dst) && !isStringMap(src) && Object.keys(src).length > 0) {
    throw new GenerationError(
      `panic: ${MERGO_PANIC} (a generator's values, a map of strings, is ` +
        `overridden by a map from another generator; the controller recovers ` +
        `and generates no Applications)`,
    );
  }
  const out: Obj = isStringMap(dst) ? markStringMap({ ...dst }) : { ...dst };
  for (const [k, v] of Object.entries(src)) {
    const d = out[k];
    out[k] = isObj(d) && isObj(v) ? mergeOverride(d, v) : v;
  }
  return out;
}

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

/** mergo.Merge(dst, src) without override: fill dst's empty fields from src. */
export function mergeFill(dst: unknown, src: unknown): unknown {
  if (isObj(dst) && isObj(src)) {
    const out: Obj = { ...dst };
    for (const [k, v] of Object.entries(src)) {
      const d = out[k];
      if (isObj(d) && isObj(v)) out[k] = mergeFill(d, v);
      else if (isEmptyValue(d)) out[k] = deepClone(v);
    }
    return out;
  }
  return isEmptyValue(dst) ? deepClone(src) : dst;
}

function stringifyValues(p: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) out[k] = goString(v);
  return out;
}

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

// ------------------------------------------------------------ values

function appendTemplatedValues(values: unknown, params: Params, ctx: GeneratorContext, where: string): void {
  if (values === undefined || values === null) return;
  if (!isObj(values)) throw new GenerationError(`${where}.values: expected a map of strings`);
  const prepared = prepare(params, ctx.engine);
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string')
      throw new GenerationError(`${where}.values.${k}: expected a string, got ${JSON.stringify(v)}`);
    rendered[k] = renderString(v, prepared, ctx.engine);
  }
  if (Object.keys(rendered).length === 0) return;
  if (ctx.engine.goTemplate) params.values = markStringMap(rendered);
  else for (const [k, v] of Object.entries(rendered)) params[`values.${k}`] = v;
}

// ------------------------------------------------------------ list

function listGenerator(g: Obj, ctx: GeneratorContext, where: string): Params[] {
  const res: Params[] = [];
  const elements = g.elements ?? [];
  if (!Array.isArray(elements)) throw new GenerationError(`${where}.elements: expected a list of objects`);
  elements.forEach((el, i) => {
    const w = `${where}.elements[${i}]`;
    if (!isObj(el)) throw new GenerationError(`${w}: expected an object, got ${JSON.stringify(el)}`);
    if (ctx.engine.goTemplate) {
      res.push(deepClone(el));
      return;
    }
    const params: Params = {};
    for (const [k, v] of Object.entries(el)) {
      if (k === 'values') {
        if (!isObj(v))
          throw new GenerationError(
            `${w}.values: expected a map of strings (goTemplate: false requires string values)`,
          );
        for (const [vk, vv] of Object.entries(v)) {
          if (typeof vv !== 'string')
            throw new GenerationError(
              `${w}.values.${vk}: list element values must be strings when ` +
                `goTemplate is false, got ${JSON.stringify(vv)} (quote it, or use ` +
                `goTemplate: true)`,
            );
          params[`values.${vk}`] = vv;
        }
      } else {
        if (typeof v !== 'string')
          throw new GenerationError(
            `${w}.${k}: list element values must be strings when goTemplate is ` +
              `false, got ${JSON.stringify(v)} (quote it, or use goTemplate: true)`,
          );
        params[k] = v;
      }
    }
    res.push(params);
  });
  if (g.elementsYaml !== undefined && g.elementsYaml !== null && g.elementsYaml !== '') {
    if (typeof g.elementsYaml !== 'string') throw new GenerationError(`${where}.elementsYaml: expected a YAML string`);
    let parsed: unknown;
    try {
      parsed = parseArgoYaml(g.elementsYaml);
    } catch (e) {
      throw new GenerationError(
        `${where}.elementsYaml: error unmarshalling decoded ElementsYaml: ${(e as Error).message}`,
      );
    }
    if (parsed === null || parsed === undefined) return res;
    if (!Array.isArray(parsed) || !parsed.every(isObj)) {
      throw new GenerationError(
        `${where}.elementsYaml: expected a YAML list of objects, got ${JSON.stringify(parsed).slice(0, 80)}`,
      );
    }
    res.push(...(parsed as Params[]));
  }
  return res;
}

// ------------------------------------------------------------ clusters

function clusterGenerator(g: Obj, ctx: GeneratorContext, where: string): Params[] {
  const selector = parseSelector(g.selector, `${where}.selector`);
  const ignoreLocal = !isEmptySelector(selector);
  const hasInClusterSecret = ctx.clusters.some((c) => c.server === IN_CLUSTER_SERVER);
  // Secrets are keyed by their cluster name: two secrets with the same name collapse into one.
  const byName = new Map<string, ClusterInfo>();
  for (const c of ctx.clusters) if (selectorMatches(selector, c.labels)) byName.set(c.name, c);
  const res: Params[] = [];
  if (!hasInClusterSecret && !ignoreLocal && ctx.inClusterEnabled && !byName.has(IN_CLUSTER_NAME)) {
    const params: Params = {
      name: IN_CLUSTER_NAME,
      nameNormalized: IN_CLUSTER_NAME,
      server: IN_CLUSTER_SERVER,
      project: '',
    };
    appendTemplatedValues(g.values, params, ctx, where);
    res.push(params);
  }
  for (const c of byName.values()) {
    const params: Params = {
      name: c.name,
      nameNormalized: sanitizeName(c.name),
      server: c.server,
      project: c.project ?? '',
    };
    if (ctx.engine.goTemplate) {
      const meta: Obj = {};
      if (Object.keys(c.annotations).length > 0) meta.annotations = { ...c.annotations };
      if (Object.keys(c.labels).length > 0) meta.labels = { ...c.labels };
      params.metadata = meta;
    } else {
      for (const [k, v] of Object.entries(c.annotations)) params[`metadata.annotations.${k}`] = v;
      for (const [k, v] of Object.entries(c.labels)) params[`metadata.labels.${k}`] = v;
    }
    appendTemplatedValues(g.values, params, ctx, where);
    res.push(params);
  }
  if (g.flatList === true) return [{ clusters: res }];
  return res;
}

// ------------------------------------------------------------ git

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

async function gitGenerator(g: Obj, ctx: GeneratorContext, where: string): Promise<Params[]> {
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
  const res: Params[] = [];
  if (hasDirs) {
    const entries = pathEntries(g.directories, `${where}.directories`);
    const included = new Set<string>();
    const excluded = new Set<string>();
    for (const e of entries) {
      for (const d of await ctx.repo.glob(e.path, 'directories')) (e.exclude ? excluded : included).add(d);
    }
    for (const dir of [...included].filter((d) => !excluded.has(d)).sort()) {
      const params: Params = {};
      setPathParams(params, dir, undefined, prefix, ctx);
      appendTemplatedValues(g.values, params, ctx, where);
      res.push(params);
    }
    return res;
  }
  const entries = pathEntries(g.files, `${where}.files`);
  const files = new Set<string>();
  for (const e of entries.filter((x) => !x.exclude))
    for (const f of await ctx.repo.glob(e.path, 'files', { globbing: ctx.globbing })) files.add(f);
  for (const e of entries.filter((x) => x.exclude))
    for (const f of await ctx.repo.glob(e.path, 'files', { globbing: ctx.globbing })) files.delete(f);
  for (const file of [...files].sort()) {
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

// ------------------------------------------------------------ matrix / merge

function childGenerators(g: Obj, kind: 'matrix' | 'merge', where: string, depth: number): Obj[] {
  const children = g.generators;
  if (!Array.isArray(children)) throw new GenerationError(`${where}.generators: expected a list of generators`);
  children.forEach((c, i) => {
    const w = `${where}.generators[${i}]`;
    if (!isObj(c)) throw new GenerationError(`${w}: expected a generator object`);
    const kinds = Object.keys(c).filter((k) => k !== 'selector');
    if (kinds.length > 1)
      throw new GenerationError(
        `${w}: found more than one generator (${kinds.join(', ')}); each entry of ${kind}.generators may hold only one`,
      );
    if (depth >= 1 && (c.matrix !== undefined || c.merge !== undefined)) {
      throw new GenerationError(
        `${w}: matrix/merge generators can be nested only one level deep (Argo CD drops deeper nesting)`,
      );
    }
  });
  return children as Obj[];
}

async function matrixGenerator(g: Obj, ctx: GeneratorContext, where: string, depth: number): Promise<Params[]> {
  const children = childGenerators(g, 'matrix', where, depth);
  if (children.length < 2)
    throw new GenerationError(`${where}: found less than two generators, Matrix requires two or more`);
  if (children.length > 2)
    throw new GenerationError(`${where}: found more than two generators, Matrix supports only two`);
  const [c0, c1] = children as [Obj, Obj];
  const res: Params[] = [];
  const first = await childParams(c0, ctx, undefined, `${where}.generators[0]`, depth + 1);
  for (const a of first) {
    const second = await childParams(c1, ctx, a, `${where}.generators[1]`, depth + 1);
    for (const b of second) {
      if (ctx.engine.goTemplate) {
        // mergo: b first, then a with override -> the first child wins on conflicts
        res.push(mergeOverride(mergeOverride({}, deepClone(b)), deepClone(a)));
      } else {
        const sa = stringifyValues(a);
        const sb = stringifyValues(b);
        const out: Params = { ...sa };
        for (const [k, v] of Object.entries(sb)) {
          if (k in out && out[k] !== v) {
            throw new GenerationError(
              `${where}: found duplicate key ${k} with different value, a: ` +
                `${String(out[k])} ,b: ${v} (with goTemplate: false both matrix ` +
                `children must agree on shared params)`,
            );
          }
          out[k] = v;
        }
        res.push(out);
      }
    }
  }
  return res;
}

async function mergeGenerator(g: Obj, ctx: GeneratorContext, where: string, depth: number): Promise<Params[]> {
  const children = childGenerators(g, 'merge', where, depth);
  if (children.length < 2)
    throw new GenerationError(`${where}: found less than two generators, Merge requires two or more`);
  const mergeKeys = g.mergeKeys;
  if (!Array.isArray(mergeKeys) || mergeKeys.length === 0 || !mergeKeys.every((k) => typeof k === 'string')) {
    throw new GenerationError(
      `${where}.mergeKeys: no merge keys were specified, Merge requires at least one (a list of param names)`,
    );
  }
  const keys = [...new Set(mergeKeys as string[])].sort();
  const keyOf = (p: Params): string => JSON.stringify(Object.fromEntries(keys.map((k) => [k, p[k] ?? null])));
  const sets: Params[][] = [];
  for (let i = 0; i < children.length; i++)
    sets.push(await childParams(children[i] as Obj, ctx, undefined, `${where}.generators[${i}]`, depth + 1));
  const index = (ps: Params[], i: number): Map<string, Params> => {
    const m = new Map<string, Params>();
    for (const p of ps) {
      const k = keyOf(p);
      if (m.has(k)) {
        throw new GenerationError(
          `${where}.generators[${i}]: the parameters from a generator were not ` +
            `unique by the given mergeKeys, Merge requires all param sets to be ` +
            `unique. Duplicate key was ${k}`,
        );
      }
      m.set(k, p);
    }
    return m;
  };
  const base = index(sets[0] ?? [], 0);
  for (let i = 1; i < sets.length; i++) {
    const other = index(sets[i] ?? [], i);
    for (const [k, p] of base) {
      const o = other.get(k);
      if (o === undefined) continue;
      base.set(
        k,
        ctx.engine.goTemplate ? mergeOverride(p, deepClone(o)) : { ...stringifyValues(p), ...stringifyValues(o) },
      );
    }
  }
  return [...base.values()];
}

/** A matrix/merge child: Transform with an empty base template, exactly one generator. */
async function childParams(
  child: Obj,
  ctx: GeneratorContext,
  interpolate: Params | undefined,
  where: string,
  depth: number,
): Promise<Params[]> {
  const results = await transform(child, {}, ctx, interpolate, where, depth);
  if (results.length === 0)
    throw new GenerationError(`${where}: child generator generated no parameters (no known generator in this entry)`);
  return results.flatMap((r) => r.params);
}

// ------------------------------------------------------------ transform

/** Render the strings of a generator with another generator's params (matrix interpolation). */
function interpolateGenerator(body: unknown, params: Params, ctx: GeneratorContext): unknown {
  if (!isObj(body)) return body;
  const prepared = prepare(params, ctx.engine);
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) {
    // generator templates are ignored inside a matrix: not interpolated. List elements (raw JSON)
    // are: deeplyReplace decodes Raw fields and renders their strings.
    if (k === 'template') out[k] = v;
    else if (v !== null && v !== undefined) out[k] = renderDeep(v, prepared, ctx.engine);
  }
  return out;
}

export async function transform(
  entry: Obj,
  baseTemplate: Obj,
  ctx: GeneratorContext,
  interpolate: Params | undefined,
  where: string,
  depth = 0,
): Promise<TransformResult[]> {
  const selector = parseSelector(entry.selector, `${where}.selector`);
  for (const k of Object.keys(entry)) {
    if (UNSUPPORTED.includes(k))
      throw new GenerationError(
        `${where}.${k}: the ${k} generator needs an external API and is not supported by the offline renderer`,
      );
    if (k !== 'selector' && !(GENERATOR_KINDS as readonly string[]).includes(k))
      throw new GenerationError(
        `${where}: unknown generator ${JSON.stringify(k)} (expected one of ${GENERATOR_KINDS.join(', ')})`,
      );
  }
  const results: TransformResult[] = [];
  for (const kind of GENERATOR_KINDS) {
    if (entry[kind] === undefined || entry[kind] === null) continue;
    const w = `${where}.${kind}`;
    const rawBody = entry[kind];
    if (!isObj(rawBody)) throw new GenerationError(`${w}: expected an object`);
    let body: Obj = rawBody;
    const genTemplate = isObj(body.template) ? body.template : {};
    const template = mergeFill(deepClone(genTemplate), baseTemplate) as Obj;
    if (interpolate !== undefined && Object.keys(interpolate).length > 0)
      body = interpolateGenerator(body, interpolate, ctx) as Obj;
    let params: Params[];
    switch (kind) {
      case 'list':
        params = listGenerator(body, ctx, w);
        break;
      case 'clusters':
        params = clusterGenerator(body, ctx, w);
        break;
      case 'git':
        params = await gitGenerator(body, ctx, w);
        break;
      case 'matrix':
        params = await matrixGenerator(body, ctx, w, depth);
        break;
      case 'merge':
        params = await mergeGenerator(body, ctx, w, depth);
        break;
    }
    if (selector !== undefined) params = params.filter((p) => selectorMatches(selector, flattenParams(p)));
    results.push({ params, template });
  }
  return results;
}
