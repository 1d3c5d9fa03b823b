import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomicSync } from '../fsutil.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { formatPath, type FieldPath } from '../findings.js';
import { isObj } from '../objects.js';
import { nearest } from '../suggest.js';
import { BUILTIN_TABLE, CLUSTER_SCOPED, type BuiltinRow } from './builtin-gvks.js';
import { codeCacheDir, requireWithCodeCache } from './code-cache.js';
import type { ObjectValidator, SchemaIssue, SchemaSource } from './types.js';

/**
 * Schemas for Kubernetes' own kinds, from two generated libraries:
 * - conformance (types, required, enums, int-or-string, quantities, formats): the ajv validators
 *   kubernetes-models compiles per OpenAPI definition (kubernetes-models/_schemas/*.js);
 * - unknown fields: the attribute maps @kubernetes/client-node generates per type
 *   (dist/gen/models/*.js), walked from the kind's root type. kubernetes-models' validators accept
 *   any extra property, so this walk is what catches `imagePullPolicyy` or a probe at pod level.
 * Both are loaded lazily, once per kind and once per type.
 */

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// The kind table

interface BuiltinKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: string;
  readonly model: string | undefined;
}

const gvkKey = (apiVersion: string, kind: string): string => `${apiVersion}|${kind}`;

const KINDS = new Map<string, BuiltinKind>();
for (const [apiVersion, rows] of Object.entries(BUILTIN_TABLE)) {
  for (const [kind, schema, model] of rows as readonly BuiltinRow[])
    KINDS.set(gvkKey(apiVersion, kind), { apiVersion, kind, schema, model });
}

const CLUSTER = new Set(Object.entries(CLUSTER_SCOPED).flatMap(([group, kinds]) => kinds.map((k) => `${group}|${k}`)));

const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';

/** Whether a `<Kind>List` entry is the list form of a kind the same apiVersion serves. */
const isListKind = (apiVersion: string, kind: string): boolean =>
  kind.endsWith('List') && KINDS.has(gvkKey(apiVersion, kind.slice(0, -4)));

export interface BuiltinKindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** Every built-in kind this source validates (list kinds such as DeploymentList left out). */
export function builtinKinds(): BuiltinKindInfo[] {
  return [...KINDS.values()]
    .filter((k) => !isListKind(k.apiVersion, k.kind))
    .map((k) => ({
      apiVersion: k.apiVersion,
      kind: k.kind,
      namespaced: !CLUSTER.has(`${groupOf(k.apiVersion)}|${k.kind}`),
    }));
}

/**
 * True for Kubernetes' own cluster-scoped kinds (Namespace, ClusterRole, StorageClass, ...), in any
 * version of their group, removed betas included; false for namespaced and unknown kinds.
 */
export function isClusterScopedBuiltin(apiVersion: string, kind: string): boolean {
  return CLUSTER.has(`${groupOf(apiVersion)}|${kind}`);
}

// ---------------------------------------------------------------------------------------------
// Conformance: kubernetes-models' compiled ajv validators

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

type CompiledValidator = ((data: unknown) => boolean) & { errors?: readonly AjvError[] | null };

let schemaDir: string | undefined;

/** kubernetes-models/_schemas: outside the package's "exports", so required by file path. */
function loadValidator(schema: string): CompiledValidator {
  schemaDir ??= path.join(path.dirname(require.resolve('kubernetes-models')), '_schemas');
  // with V8's code cache: these modules and the apimachinery ones they require (code-cache.ts)
  const mod: unknown = requireWithCodeCache(path.join(schemaDir, `${schema}.js`), {
    cacheDir: codeCacheDir(),
    within: (file) =>
      /[\\/]node_modules[\\/](?:kubernetes-models|@kubernetes-models[\\/][^\\/]+)[\\/]_schemas[\\/]/.test(file),
  });
  const validate = isObj(mod) ? mod.validate : undefined;
  if (typeof validate !== 'function')
    throw new Error(
      `kubernetes-models/_schemas/${schema}.js exports no validate function (kubernetes-models layout changed?)`,
    );
  return validate as CompiledValidator;
}

/** JSON pointer → field path, with array indexes as numbers (read off the object itself). */
function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  if (!pointer) return path;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = isObj(node) ? node[key] : undefined;
    }
  }
  return path;
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const part of path) {
    if (typeof part === 'number') node = Array.isArray(node) ? node[part] : undefined;
    else node = isObj(node) ? node[part] : undefined;
  }
  return node;
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  return `${typeof value} ${String(value)}`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
};
const QUANTITY_HINT = 'a quantity: a number or a string like "500m", "1Gi" or "2"';

function formatMessage(format: string, value: unknown): string {
  switch (format) {
    case 'int32':
      return `expected a 32-bit integer, found ${show(value)}`;
    case 'int64':
      return `expected a 64-bit integer, found ${show(value)}`;
    case 'byte':
      return `expected base64-encoded data, found ${show(value)}`;
    case 'double':
      return `expected a number, found ${show(value)}`;
    case 'quantity':
      return `${show(value)} is not ${QUANTITY_HINT}`;
    default:
      return `${show(value)} does not match format "${format}"`;
  }
}

function conformanceIssues(errors: readonly AjvError[], root: unknown): SchemaIssue[] {
  // oneOf nodes (int-or-string, quantity) report each failed branch too: fold them into one issue.
  const branches = new Map<string, { types: Set<string>; formats: Set<string> }>();
  for (const e of errors)
    if (e.keyword === 'oneOf') branches.set(e.instancePath, { types: new Set(), formats: new Set() });
  for (const e of errors) {
    const b = branches.get(e.instancePath);
    if (!b) continue;
    if (e.keyword === 'type' && typeof e.params.type === 'string') b.types.add(e.params.type);
    if (e.keyword === 'format' && typeof e.params.format === 'string') b.formats.add(e.params.format);
  }
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const b = branches.get(e.instancePath);
    if (b && e.keyword !== 'oneOf') continue;
    const path = pointerToPath(e.instancePath, root);
    const value = valueAt(root, path);
    let message: string;
    switch (e.keyword) {
      case 'oneOf': {
        const types = b?.types ?? new Set<string>();
        if (b?.formats.has('quantity') || (types.has('number') && types.has('string'))) {
          message =
            typeof value === 'string'
              ? `${show(value)} is not ${QUANTITY_HINT}`
              : `expected ${QUANTITY_HINT}; found ${show(value)}`;
        } else if (types.has('integer') && types.has('string')) {
          message =
            typeof value === 'number' && Number.isInteger(value)
              ? `expected a 32-bit integer or a string (int-or-string), found ${show(value)}`
              : `expected an integer or a string (int-or-string), found ${show(value)}`;
        } else {
          message =
            `expected ` +
            `${[...types].map((t) => TYPE_NAMES[t] ?? t).join(' or ') || 'exactly one of the allowed forms'}` +
            `, found ${show(value)}`;
        }
        break;
      }
      case 'type': {
        const type = String(e.params.type);
        message = `expected ${TYPE_NAMES[type] ?? type}, found ${show(value)}`;
        break;
      }
      case 'required':
        message = `missing required field ${JSON.stringify(String(e.params.missingProperty))}`;
        break;
      case 'enum': {
        const allowed = Array.isArray(e.params.allowedValues)
          ? e.params.allowedValues.filter((v) => v !== null).map(String)
          : [];
        message = `${typeof value === 'string' ? quote(value) : show(value)} is not one of ${allowed.join(', ')}`;
        break;
      }
      case 'format':
        message = formatMessage(String(e.params.format), value);
        break;
      default:
        message = `${show(value)} fails the schema's "${e.keyword}" rule (${JSON.stringify(e.params)})`;
    }
    const where = formatPath(path);
    const text = where ? `${where}: ${message}` : message;
    const key = `${where}\n${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ kind: 'conformance', path, message: text });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Unknown fields: client-node attribute maps

/** How to walk the value of one field. */
type Shape =
  | { readonly t: 'leaf' }
  | { readonly t: 'model'; readonly name: string }
  /** a JSON schema or a list of them (JSONSchemaProps items / additionalProperties / additionalItems) */
  | { readonly t: 'model-or-list'; readonly name: string }
  | { readonly t: 'array'; readonly of: Shape }
  | { readonly t: 'map'; readonly of: Shape };

interface ModelInfo {
  /** "Container", "PodSpec": the type name without its version (and group) prefix */
  readonly display: string;
  readonly fields: ReadonlyMap<string, Shape>;
}

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

const LEAF: Shape = { t: 'leaf' };
const MODEL_DIR = '@kubernetes/client-node/dist/gen/models';
const NOT_MODELS = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString']);
/** Fields typed `any` that hold nested JSON schemas in a CustomResourceDefinition. */
const JSON_SCHEMA_MODEL = 'V1JSONSchemaProps';
const JSON_SCHEMA_ANY_FIELDS = new Set(['items', 'additionalProperties', 'additionalItems']);

/**
 * The attribute maps read before, kept as one JSON file per client-node release (its version and
 * package.json's size and time in the name): loading a hundred model modules costs more than the
 * walk they serve. Written at exit when a run read a model that was not in it.
 */
interface KnownAttributes {
  readonly file: string | undefined;
  readonly models: Record<string, readonly Attribute[] | null>;
  dirty: boolean;
}
let known: KnownAttributes | undefined;

function knownAttributes(): KnownAttributes {
  if (known) return known;
  let file: string | undefined;
  let models: Record<string, readonly Attribute[] | null> = {};
  try {
    const pkg = path.join(path.dirname(require.resolve('@kubernetes/client-node')), '..', 'package.json');
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown };
    const stamp = statSync(pkg);
    file = path.join(codeCacheDir(), `client-node-${String(version)}-${stamp.size}-${Math.trunc(stamp.mtimeMs)}.json`);
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isObj(parsed)) models = parsed as Record<string, readonly Attribute[] | null>;
  } catch {
    // no such file yet (or no package.json to name it by): read the models
  }
  const state: KnownAttributes = { file, models, dirty: false };
  known = state;
  process.once('exit', () => {
    if (!state.dirty || !state.file) return;
    try {
      writeFileAtomicSync(state.file, JSON.stringify(state.models));
    } catch {
      // an optimisation only
    }
  });
  return state;
}

/** The attribute map of a client-node model, or undefined when no such model file exists (V1MicroTime). */
function attributesOf(model: string): readonly Attribute[] | undefined {
  // remembered.models holds every model read, in this run or an earlier one (null: no such model)
  const remembered = knownAttributes();
  const hit = remembered.models[model];
  if (hit !== undefined) return hit ?? undefined;
  let attributes: readonly Attribute[] | undefined;
  let file: string | undefined;
  try {
    file = require.resolve(`${MODEL_DIR}/${model}.js`);
  } catch {
    file = undefined;
  }
  if (file) {
    // The model files are ES modules; Node ≥ 20.19 loads them synchronously through require.
    const mod: unknown = require(file);
    const cls = isObj(mod) ? mod[model] : undefined;
    const map =
      typeof cls === 'function' ? (cls as unknown as { attributeTypeMap?: unknown }).attributeTypeMap : undefined;
    if (!Array.isArray(map))
      throw new Error(`${MODEL_DIR}/${model}.js has no attributeTypeMap (@kubernetes/client-node layout changed?)`);
    attributes = map.filter(
      (a): a is Attribute => isObj(a) && typeof a.baseName === 'string' && typeof a.type === 'string',
    );
  }
  remembered.models[model] = attributes ?? null;
  remembered.dirty = true;
  return attributes;
}

function shapeOf(type: string): Shape {
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    const of = shapeOf(array[1]);
    return of.t === 'leaf' ? LEAF : { t: 'array', of };
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    const of = shapeOf(map[1]);
    return of.t === 'leaf' ? LEAF : { t: 'map', of };
  }
  if (/^[A-Z]\w*$/.test(type) && !NOT_MODELS.has(type) && attributesOf(type)) return { t: 'model', name: type };
  return LEAF;
}

const modelCache = new Map<string, ModelInfo>();

function modelInfo(model: string): ModelInfo {
  const hit = modelCache.get(model);
  if (hit) return hit;
  const fields = new Map<string, Shape>();
  for (const a of attributesOf(model) ?? []) {
    fields.set(
      a.baseName,
      model === JSON_SCHEMA_MODEL && JSON_SCHEMA_ANY_FIELDS.has(a.baseName)
        ? { t: 'model-or-list', name: JSON_SCHEMA_MODEL }
        : shapeOf(a.type),
    );
  }
  const info: ModelInfo = {
    display: model.replace(/^(?:[A-Z][a-z]+)?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, ''),
    fields,
  };
  modelCache.set(model, info);
  return info;
}

function walk(value: unknown, shape: Shape, path: (string | number)[], issues: SchemaIssue[]): void {
  switch (shape.t) {
    case 'leaf':
      return;
    case 'model-or-list':
      if (Array.isArray(value)) walk(value, { t: 'array', of: { t: 'model', name: shape.name } }, path, issues);
      else walk(value, { t: 'model', name: shape.name }, path, issues);
      return;
    case 'array':
      if (!Array.isArray(value)) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], shape.of, path, issues);
        path.pop();
      }
      return;
    case 'map':
      if (!isObj(value)) return;
      for (const [key, item] of Object.entries(value)) {
        path.push(key);
        walk(item, shape.of, path, issues);
        path.pop();
      }
      return;
    case 'model': {
      if (!isObj(value)) return; // a wrong type is a conformance issue
      const info = modelInfo(shape.name);
      for (const [key, item] of Object.entries(value)) {
        const field = info.fields.get(key);
        path.push(key);
        if (!field)
          issues.push({ kind: 'unknown-field', path: [...path], message: unknownFieldMessage(shape.name, key) });
        else if (field.t !== 'leaf') walk(item, field, path, issues);
        path.pop();
      }
      return;
    }
  }
}

const messageCache = new Map<string, string>();

function unknownFieldMessage(model: string, key: string): string {
  const cacheKey = `${model}|${key}`;
  let message = messageCache.get(cacheKey);
  if (message === undefined) {
    message = describeUnknownField(model, key);
    messageCache.set(cacheKey, message);
  }
  return message;
}

function describeUnknownField(model: string, key: string): string {
  const info = modelInfo(model);
  const names = [...info.fields.keys()];
  const base = `unknown field ${JSON.stringify(key)} in ${info.display}`;
  const near = nearest(key, names);
  if (near) return `${base} (did you mean ${JSON.stringify(near)}?)`;
  const deeper = foundBelow(model, key);
  if (deeper) return `${base} (it is declared deeper, at ${deeper})`;
  const shown =
    names.length > 20 ? `${names.slice(0, 20).join(', ')}, ... (${names.length - 20} more)` : names.join(', ');
  return `${base} (expected one of: ${shown})`;
}

const belowCache = new Map<string, string | undefined>();

/** Where `key` is declared up to three levels below `model` ("containers[].livenessProbe"), if anywhere. */
function foundBelow(model: string, key: string): string | undefined {
  const cacheKey = `${model}|${key}`;
  if (belowCache.has(cacheKey)) return belowCache.get(cacheKey);
  let found: string | undefined;
  let frontier: { model: string; prefix: string }[] = [{ model, prefix: '' }];
  const visited = new Set([model]);
  for (let depth = 0; depth < 3 && !found && frontier.length; depth++) {
    const next: { model: string; prefix: string }[] = [];
    for (const node of frontier) {
      for (const [name, shape] of modelInfo(node.model).fields) {
        let s = shape;
        let suffix = '';
        while (s.t === 'array' || s.t === 'map') {
          suffix += s.t === 'array' ? '[]' : '[*]';
          s = s.of;
        }
        if (s.t !== 'model' || visited.has(s.name)) continue;
        visited.add(s.name);
        const prefix = `${node.prefix}${name}${suffix}.`;
        if (modelInfo(s.name).fields.has(key)) {
          found = `${prefix}${key}`;
          break;
        }
        next.push({ model: s.name, prefix });
      }
      if (found) break;
    }
    frontier = next;
  }
  belowCache.set(cacheKey, found);
  return found;
}

// ---------------------------------------------------------------------------------------------
// The source

const validators = new Map<string, ObjectValidator>();

function validatorFor(entry: BuiltinKind): ObjectValidator {
  const key = gvkKey(entry.apiVersion, entry.kind);
  const hit = validators.get(key);
  if (hit) return hit;
  const conform = loadValidator(entry.schema);
  const root: Shape = entry.model && attributesOf(entry.model) ? { t: 'model', name: entry.model } : LEAF;
  const validator: ObjectValidator = (object) => {
    const issues = conform(object) ? [] : conformanceIssues(conform.errors ?? [], object);
    walk(object, root, [], issues);
    return issues;
  };
  validators.set(key, validator);
  return validator;
}

/**
 * Kubernetes' built-in kinds (see builtin-gvks.ts for which). lookup answers undefined for
 * apiVersions no Kubernetes ≥ 1.27 serves (extensions/v1beta1, policy/v1beta1, ...), even where
 * kubernetes-models still ships them.
 */
export function builtinSchemas(): SchemaSource {
  return {
    name: 'kubernetes',
    lookup(apiVersion, kind) {
      const entry = KINDS.get(gvkKey(apiVersion, kind));
      return entry ? validatorFor(entry) : undefined;
    },
  };
}

/**
 * A built-in kind's fields as a strict JSON Schema (types, and no field the type does not declare),
 * from the same client-node attribute maps the unknown-field check walks; undefined for a kind
 * without a model. For tools that need JSON Schemas (the benchmark's kubeconform runs).
 */
export function builtinStructuralSchema(apiVersion: string, kind: string): Record<string, unknown> | undefined {
  const entry = KINDS.get(gvkKey(apiVersion, kind));
  if (!entry?.model || !attributesOf(entry.model)) return undefined;
  const defs: Record<string, unknown> = {};
  const typeSchema = (type: string): Record<string, unknown> => {
    const array = /^Array<(.+)>$/.exec(type);
    if (array?.[1]) return { type: ['array', 'null'], items: typeSchema(array[1]) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map?.[1]) return { type: ['object', 'null'], additionalProperties: typeSchema(map[1]) };
    if (type === 'string' || type === 'Date') return { type: ['string', 'null'] };
    if (type === 'number') return { type: ['number', 'null'] };
    if (type === 'boolean') return { type: ['boolean', 'null'] };
    if (type === 'IntOrString') return { type: ['integer', 'string', 'null'] };
    if (/^[A-Z]\w*$/.test(type) && !NOT_MODELS.has(type) && attributesOf(type)) {
      if (!(type in defs)) {
        defs[type] = {};
        const properties: Record<string, unknown> = {};
        // nested JSON schemas of a CRD are open
        for (const a of attributesOf(type) ?? [])
          properties[a.baseName] =
            type === JSON_SCHEMA_MODEL && JSON_SCHEMA_ANY_FIELDS.has(a.baseName) ? {} : typeSchema(a.type);
        defs[type] = { type: ['object', 'null'], properties, additionalProperties: false };
      }
      return { $ref: `#/definitions/${type}` };
    }
    return {};
  };
  const root = typeSchema(entry.model);
  return { ...root, definitions: defs };
}
