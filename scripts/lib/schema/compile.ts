/**
 * Compiling JSON Schemas with ajv (draft-07, 2019-09, 2020-12), and the on-disk cache of compiled
 * validators as ajv standalone code.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { writeFileAtomicSync } from '../fsutil.js';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type AjvDraft7 from 'ajv';
import type { ErrorObject, Options } from 'ajv';
import { ToolError } from '../errors.js';
import { isObj } from '../objects.js';
import { TOOL_ROOT } from '../paths.js';
import { requireWithCodeCache } from './code-cache.js';

type AjvInstance = InstanceType<typeof AjvDraft7.default>;

// ajv itself is loaded only to compile a schema; a run whose validators are all cached needs only
// the runtime helpers the cached code requires.
const load = createRequire(import.meta.url);
interface AjvLibrary {
  readonly Draft7: typeof AjvDraft7.default;
  readonly Draft2019: typeof import('ajv/dist/2019.js').default;
  readonly Draft2020: typeof import('ajv/dist/2020.js').default;
  readonly standalone: typeof import('ajv/dist/standalone/index.js').default;
  readonly _: typeof import('ajv')._;
}
let ajvLibrary: AjvLibrary | undefined;
function ajvLib(): AjvLibrary {
  if (!ajvLibrary) {
    const core = load('ajv') as typeof import('ajv');
    ajvLibrary = {
      Draft7: core.default,
      Draft2019: (load('ajv/dist/2019.js') as typeof import('ajv/dist/2019.js')).default,
      Draft2020: (load('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).default,
      standalone: (load('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default,
      _: core._,
    };
  }
  return ajvLibrary;
}

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
    const { Draft7, Draft2019, Draft2020 } = ajvLib();
    const Class = draft === '2020' ? Draft2020 : draft === '2019' ? Draft2019 : Draft7;
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
      if (!existsSync(formats)) writeFileAtomicSync(formats, FORMATS_SOURCE);
      return dir;
    } catch {
      // not writable: try the next place, or compile without a cache
    }
  }
  return undefined;
}

let cacheDirMemo: string | undefined | null = null;
const codeInstances = new Map<string, AjvInstance>();

let leanInstance: AjvInstance | undefined;
function leanAjv(): AjvInstance {
  leanInstance ??= new (ajvLib().Draft7)({ ...AJV_OPTIONS, verbose: false, inlineRefs: false });
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
  const defs = isObj(schema.$defs) ? schema.$defs : {};
  const deref = (node: unknown): unknown => {
    for (let i = 0; i < 32 && isObj(node) && typeof node.$ref === 'string'; i++)
      node = defs[node.$ref.replace(/^#\/\$defs\//, '')];
    return node;
  };
  return errors.map((e) => {
    if (e.parentSchema !== undefined) return e;
    let node: unknown = deref(schema);
    let data: unknown = root;
    for (const raw of e.instancePath.split('/').slice(1)) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const n = isObj(node) ? node : {};
      if (Array.isArray(data)) {
        node = deref(n.items);
        data = data[Number(seg)];
      } else {
        node = deref(
          isObj(n.properties) && n.properties[seg] !== undefined ? n.properties[seg] : n.additionalProperties,
        );
        data = isObj(data) ? data[seg] : undefined;
      }
    }
    return { ...e, parentSchema: isObj(node) ? node : {}, data };
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
      const loaded = requireWithCodeCache(file) as CompiledValidate | { default: CompiledValidate };
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
    const { Draft7, Draft2019, Draft2020, _ } = ajvLib();
    const Class = draft === '2020' ? Draft2020 : draft === '2019' ? Draft2019 : Draft7;
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
    const { standalone } = ajvLib();
    writeFileAtomicSync(file, standalone(ajv, validate as Parameters<typeof standalone>[1]));
  } catch {
    // caching is an optimisation: a read-only disk only costs the compile next time
  }
  return validate;
}

/**
 * A copy that ajv can compile: patterns written for Go's regexp that JavaScript cannot compile
 * (e.g. `(?i)...`) are dropped rather than failing the whole schema.
 */
export function prepareSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObj(node)) return node;
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
