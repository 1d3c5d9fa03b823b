/**
 * Schemas for custom resources: the project's own JSON Schemas under schemas/ (kubeconform layout,
 * `<group>/<kind lowercase>_<version>.json`) plus any `--schema-location`s, compiled once with ajv.
 *
 * lookup() is synchronous: local files are read with readFileSync; http(s) locations are fetched
 * ahead of time by prepare() into a cache under os.tmpdir(), and lookup() only reads that cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import AjvDraft7, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, Options } from 'ajv';
import { ToolError, UsageError } from '../errors.js';
import { unknownValue } from '../suggest.js';
import { formatPath, type FieldPath } from '../findings.js';
import type { ObjectValidator, SchemaIssue, SchemaSource } from './types.js';
import { TOOL_ROOT } from '../paths.js';

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

/** Where fetched schemas are kept between runs. */
export const HTTP_CACHE_DIR = path.join(tmpdir(), 'zarish-his-gitops-schema-cache');

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

// ---------------------------------------------------------------------------------------------
// locations

interface SplitGvk {
  readonly group: string;
  readonly version: string;
  /** as written, e.g. KafkaNodePool */
  readonly kind: string;
}

interface Location {
  readonly remote: boolean;
  resolve(gvk: SplitGvk): string | undefined;
}

function splitGvk(apiVersion: string, kind: string): SplitGvk | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash <= 0 || !kind) return undefined; // core kinds are not custom resources
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

const HTTP = /^https?:\/\//i;

/** Placeholders a --schema-location template may use: ours, and kubeconform's Go-template ones. */
const PLACEHOLDERS = ['{group}', '{kind}', '{version}'];
const GO_PLACEHOLDERS = [
  '{{ .Group }}',
  '{{ .ResourceKind }}',
  '{{ .Kind }}',
  '{{ .ResourceAPIVersion }}',
  '{{ .StrictSuffix }}',
];

/** A mistyped placeholder would silently never match: refuse it, naming the nearest valid one. */
export function checkTemplate(value: string): void {
  for (const m of value.matchAll(/\{\{\s*\.?(\w*)\s*\}\}|\{(\w*)\}/g)) {
    const go = m[1] !== undefined;
    const ok = go ? GO_PLACEHOLDERS.some((p) => p.replace(/\s/g, '') === `{{.${m[1]}}}`) : PLACEHOLDERS.includes(m[0]);
    if (ok) continue;
    const all = [...PLACEHOLDERS, ...GO_PLACEHOLDERS];
    const expected = `${PLACEHOLDERS.join(' ')} or kubeconform's ${GO_PLACEHOLDERS.join(' ')}`;
    throw new UsageError(`--schema-location ${value}: ${unknownValue('placeholder', m[0], all, expected)}`);
  }
}

function parseLocation(value: string, isProjectDir: boolean): Location {
  const remote = HTTP.test(value);
  if (!isProjectDir) checkTemplate(value);
  if (!isProjectDir && /\{/.test(value)) {
    return { remote, resolve: (gvk) => fillTemplate(value, gvk) };
  }
  const base = remote ? value.replace(/\/+$/, '') : path.resolve(value);
  return {
    remote,
    resolve: (gvk) => {
      const rel = `${gvk.group}/${gvk.kind.toLowerCase()}_${gvk.version}.json`;
      return remote ? `${base}/${rel}` : path.join(base, ...rel.split('/'));
    },
  };
}

function fillTemplate(template: string, gvk: SplitGvk): string | undefined {
  const kind = gvk.kind.toLowerCase();
  let unknown = false;
  const filled = template
    .replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, name: string) => {
      switch (name) {
        case 'Group':
          return gvk.group;
        case 'ResourceKind':
        case 'Kind':
          return kind;
        case 'ResourceAPIVersion':
          return gvk.version;
        case 'StrictSuffix':
          return '';
        default:
          unknown = true;
          return '';
      }
    })
    .replace(/\{(group|kind|version)\}/g, (_m, name: string) =>
      name === 'group' ? gvk.group : name === 'kind' ? kind : gvk.version,
    );
  return unknown ? undefined : filled;
}

function cachedFile(cacheDir: string, url: string): string {
  return path.join(cacheDir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
}

/** true when the URL answered with a schema (now cached); false for 404; throws on other failures. */
async function fetchToCache(cacheDir: string, url: string): Promise<boolean> {
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

// ---------------------------------------------------------------------------------------------
// compiling

type AjvInstance = InstanceType<typeof AjvDraft7.default>;

const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  // x-kubernetes-* and other OpenAPI extensions are allowed and ignored
  strict: false,
  logger: false,
  formats: {
    int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
    int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
    'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  },
};

const instances = new Map<string, AjvInstance>();

function ajvFor(schemaUri: unknown): AjvInstance {
  const draft =
    typeof schemaUri === 'string' && schemaUri.includes('2020-12')
      ? '2020'
      : typeof schemaUri === 'string' && schemaUri.includes('2019-09')
        ? '2019'
        : '7';
  let ajv = instances.get(draft);
  if (!ajv) {
    const Class = draft === '2020' ? Ajv2020.default : draft === '2019' ? Ajv2019.default : AjvDraft7.default;
    ajv = new Class(AJV_OPTIONS);
    instances.set(draft, ajv);
  }
  return ajv;
}

// Compiling a large CRD schema takes ajv up to a second; every run would pay it again. The compiled
// validator is cached as ajv standalone code keyed by the schema's content, the draft and ajv's
// version, under node_modules/.cache (or the OS temp dir), and later runs load it in milliseconds.
const AJV_VERSION: string = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
const CACHE_FORMAT = 1;
const FORMATS_SOURCE = `"use strict";
module.exports = {
  int32: { type: "number", validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  int64: { type: "number", validate: (n) => Number.isInteger(n) },
  "date-time": /^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$/,
};
`;

function compiledCacheDir(): string | undefined {
  for (const dir of [
    path.join(TOOL_ROOT, 'node_modules/.cache/zarish-his-ajv'),
    path.join(tmpdir(), 'zarish-his-ajv-cache'),
  ]) {
    try {
      mkdirSync(dir, { recursive: true });
      const formats = path.join(dir, `formats-${CACHE_FORMAT}.cjs`);
      if (!existsSync(formats)) writeAtomically(formats, FORMATS_SOURCE);
      return dir;
    } catch {
      // not writable: try the next place, or compile without a cache
    }
  }
  return undefined;
}

let cacheDirMemo: string | undefined | null = null;
const requireCached = createRequire(import.meta.url);
const codeInstances = new Map<string, AjvInstance>();

function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

let leanInstance: AjvInstance | undefined;
function leanAjv(): AjvInstance {
  leanInstance ??= new AjvDraft7.default({ ...AJV_OPTIONS, verbose: false, inlineRefs: false });
  return leanInstance;
}

/**
 * Errors of a lean validator with parentSchema and data filled in: the schema node is found by
 * following the error's instance path through the (structural) schema, since ajv's schemaPath of an
 * error inside a $ref is relative to the referenced definition.
 */
export function withContext(
  errors: readonly ErrorObject[],
  schema: Record<string, unknown>,
  root: unknown,
): ErrorObject[] {
  const defs = isRecord(schema.$defs) ? schema.$defs : {};
  const deref = (node: unknown): unknown => {
    for (let i = 0; i < 32 && isRecord(node) && typeof node.$ref === 'string'; i++)
      node = defs[node.$ref.replace(/^#\/\$defs\//, '')];
    return node;
  };
  return errors.map((e) => {
    if (e.parentSchema !== undefined) return e;
    let node: unknown = deref(schema);
    let data: unknown = root;
    for (const raw of e.instancePath.split('/').slice(1)) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const n = isRecord(node) ? node : {};
      if (Array.isArray(data)) {
        node = deref(n.items);
        data = data[Number(seg)];
      } else {
        node = deref(
          isRecord(n.properties) && n.properties[seg] !== undefined ? n.properties[seg] : n.additionalProperties,
        );
        data = isRecord(data) ? data[seg] : undefined;
      }
    }
    return { ...e, parentSchema: isRecord(node) ? node : {}, data };
  });
}

export type CompiledValidate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * `lean`: compile without ajv's verbose mode (errors then carry no schema or data; the large real
 * CRDs would otherwise produce tens of megabytes of code): toIssues() recovers both with
 * withContext().
 */
export function compileCached(
  schema: Record<string, unknown> | (() => Record<string, unknown>),
  shown: string,
  lean = false,
  identity?: string,
): CompiledValidate {
  if (cacheDirMemo === null) cacheDirMemo = compiledCacheDir();
  // `identity`: a cheap stand-in for the schema's content (e.g. its source file's digest), so a
  // cache hit does not even build the schema
  let built: Record<string, unknown> | undefined = typeof schema === 'function' ? undefined : schema;
  const prepared = (): Record<string, unknown> => (built ??= (schema as () => Record<string, unknown>)());
  const draftKey =
    identity !== undefined
      ? 'draft-07'
      : typeof prepared().$schema === 'string'
        ? (prepared().$schema as string)
        : 'draft-07';
  const cacheDir = cacheDirMemo;
  const key = createHash('sha256')
    .update(
      `${CACHE_FORMAT}\u0000${AJV_VERSION}\u0000${draftKey}\u0000` +
        `${lean ? 'lean' : 'verbose'}\u0000` +
        `${identity ?? JSON.stringify(prepared())}`,
    )
    .digest('hex')
    .slice(0, 40);
  const file = cacheDir ? path.join(cacheDir, `${key}.cjs`) : undefined;
  if (file && existsSync(file)) {
    try {
      const loaded = requireCached(file) as CompiledValidate | { default: CompiledValidate };
      return typeof loaded === 'function' ? loaded : loaded.default;
    } catch {
      // a damaged cache entry: compile again below and overwrite it
    }
  }
  const compile = (ajv: AjvInstance): CompiledValidate => {
    try {
      return ajv.compile(prepared()) as CompiledValidate;
    } catch (error) {
      throw new ToolError(
        `schema ${shown} does not compile: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  if (!cacheDir || !file) return compile(lean ? leanAjv() : ajvFor(prepared().$schema));
  const instanceKey = `${draftKey}\u0000${lean}`;
  let ajv = codeInstances.get(instanceKey);
  if (!ajv) {
    const draft = draftKey.includes('2020-12') ? '2020' : draftKey.includes('2019-09') ? '2019' : '7';
    const Class = draft === '2020' ? Ajv2020.default : draft === '2019' ? Ajv2019.default : AjvDraft7.default;
    const formatsFile = path.join(cacheDir, `formats-${CACHE_FORMAT}.cjs`);
    ajv = new Class({
      ...AJV_OPTIONS,
      verbose: !lean,
      ...(lean ? { inlineRefs: false } : {}),
      code: { source: true, formats: _`require(${formatsFile})` },
    });
    codeInstances.set(instanceKey, ajv);
  }
  const validate = compile(ajv);
  try {
    writeAtomically(file, standaloneCode.default(ajv, validate as Parameters<typeof standaloneCode.default>[1]));
  } catch {
    // caching is an optimisation: a read-only disk only costs the compile next time
  }
  return validate;
}

/** `shown` is what the error names (the URL for fetched schemas). */
function compileFile(file: string, shown: string, kind: string): ObjectValidator {
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ToolError(`schema ${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(schema)) throw new ToolError(`schema ${shown} is not a JSON object`);
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

/**
 * A copy that ajv can compile: patterns written for Go's regexp that JavaScript cannot compile
 * (e.g. `(?i)...`) are dropped rather than failing the whole schema.
 */
export function prepareSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string' && !compiles(v)) continue;
      out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : walk(v);
    }
    return out;
  };
  return walk(schema) as Record<string, unknown>;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// ajv errors → SchemaIssue

export function toIssues(errors: readonly ErrorObject[], root: unknown, kind: string): SchemaIssue[] {
  const kept = resolveAlternatives(errors.filter((e) => e.keyword !== 'if'));
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const suggested = new Set<string>();
  for (const error of kept) {
    const { issue, suggests } = toIssue(error, root, kind);
    if (suggests) suggested.add(formatPath(suggests));
    const id = `${issue.kind}\u0000${formatPath(issue.path)}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  // `instancess` already says "did you mean instances": a second "missing instances" is noise
  return issues.filter((i) => !(i.message.startsWith('missing required field') && suggested.has(formatPath(i.path))));
}

/**
 * anyOf/oneOf report every branch's failures: keep the failures of the branch that came closest
 * (type matched, fewest errors), or one "expected X or Y" when no branch even had the right type.
 */
function resolveAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let current = [...errors];
  const alternatives = current
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !hasPassing(e))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length); // innermost first
  for (const alt of alternatives) {
    if (!current.includes(alt)) continue;
    const prefix = `${alt.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of current) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const inBranches = new Set([...branches.values()].flat());
    const others = current.filter((e) => e !== alt && !inBranches.has(e));
    const typeOnly = [...branches.values()].every((list) =>
      list.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath),
    );
    if (branches.size === 0 || typeOnly) {
      const types = [...branches.values()].flatMap((list) =>
        list
          .filter((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)
          .map((e) => String(e.params['type'])),
      );
      const expected = [...new Set(types.flatMap((t) => t.split(',')))];
      const merged: ErrorObject = {
        ...alt,
        keyword: 'type',
        params: { type: expected.join(',') },
        message: expected.length ? `must be ${expected.join(' or ')}` : alt.message,
      };
      current = [...others, merged];
      continue;
    }
    const best = [...branches.values()].sort(
      (a, b) =>
        Number(a.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)) -
          Number(b.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)) || a.length - b.length,
    )[0];
    current = [...others, ...(best ?? [])];
  }
  return current;
}

function hasPassing(e: ErrorObject): boolean {
  return e.keyword === 'oneOf' && Array.isArray(e.params['passingSchemas']);
}

function toIssue(error: ErrorObject, root: unknown, kind: string): { issue: SchemaIssue; suggests?: FieldPath } {
  const issue = describeError(error, root, kind);
  if (issue.kind !== 'unknown-field') return { issue };
  const match = /did you mean "([^"]+)"/.exec(issue.message);
  return match?.[1] ? { issue, suggests: [...issue.path.slice(0, -1), match[1]] } : { issue };
}

function describeError(error: ErrorObject, root: unknown, kind: string): SchemaIssue {
  const at = pointerToPath(error.instancePath, root);
  const where = (p: FieldPath): string => (p.length ? `${kind}.${formatPath(p)}` : kind);
  const parent = isRecord(error.parentSchema) ? error.parentSchema : {};
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(error.params['additionalProperty'] ?? error.params['unevaluatedProperty'] ?? '');
      const allowed = isRecord(parent['properties']) ? Object.keys(parent['properties']) : [];
      const suggestion = closest(name, allowed);
      const hint = suggestion
        ? ` (did you mean "${suggestion}"?)`
        : allowed.length
          ? ` (expected one of: ${listSome(allowed)})`
          : '';
      return { kind: 'unknown-field', path: [...at, name], message: `unknown field "${name}" in ${where(at)}${hint}` };
    }
    case 'required': {
      const name = String(error.params['missingProperty'] ?? '');
      return { kind: 'conformance', path: [...at, name], message: `missing required field "${name}" in ${where(at)}` };
    }
    case 'type': {
      const expected = String(error.params['type'] ?? '')
        .split(',')
        .join(' or ');
      return {
        kind: 'conformance',
        path: at,
        message: `${where(at)}: expected ${expected}, found ${describe(error.data)}`,
      };
    }
    case 'enum': {
      const allowed = Array.isArray(error.params['allowedValues']) ? (error.params['allowedValues'] as unknown[]) : [];
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: ${describe(error.data)} is not allowed (allowed: ` +
          `${allowed.map((v) => JSON.stringify(v)).join(', ')})`,
      };
    }
    case 'const':
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: expected ${JSON.stringify(error.params['allowedValue'])}` + `, found ${describe(error.data)}`,
      };
    case 'pattern': {
      const description =
        typeof parent['description'] === 'string' && parent['description'].length <= 80
          ? ` — ${parent['description']}`
          : '';
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: ${describe(error.data)} does not match pattern ` +
          `${String(error.params['pattern'])}${description}`,
      };
    }
    case 'format':
      return {
        kind: 'conformance',
        path: at,
        message: `${where(at)}: ${describe(error.data)} is not a valid ${String(error.params['format'])}`,
      };
    case 'maxProperties':
    case 'minProperties': {
      const present = isRecord(error.data) ? Object.keys(error.data) : [];
      const allowed = isRecord(parent['properties']) ? Object.keys(parent['properties']) : [];
      const detail =
        error.keyword === 'maxProperties' && present.length
          ? ` (found: ${present.join(', ')})`
          : allowed.length
            ? ` (one of: ${listSome(allowed)})`
            : '';
      const d =
        typeof parent['description'] === 'string'
          ? parent['description']
          : `${error.message ?? 'wrong number of properties'}`;
      return { kind: 'conformance', path: at, message: `${where(at)}: ${d.replace(/\.$/, '')}${detail}` };
    }
    default:
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: ${error.message ?? error.keyword}` +
          `${isScalar(error.data) ? `, found ${describe(error.data)}` : ''}`,
      };
  }
}

/** JSON pointer → field path; segments that index arrays become numbers. */
function pointerToPath(pointer: string, root: unknown): FieldPath {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(seg);
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function listSome(names: readonly string[]): string {
  const sorted = [...names].sort();
  return sorted.length > 15 ? `${sorted.slice(0, 15).join(', ')}, ...` : sorted.join(', ');
}

/** The allowed name closest to a misspelling, if close enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, (prev[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length] ?? 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
