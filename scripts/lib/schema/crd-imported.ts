/**
 * Custom resources checked against the real CRDs of the operator releases a cluster pins
 * (schemas/crds/<operator>/<version>/, see scripts/lib/operators.ts).
 *
 * Each served version's openAPIV3Schema is translated to a JSON Schema for ajv with the API server's
 * structural-schema semantics: an object node is closed (`additionalProperties: false`) unless it is a
 * map (`additionalProperties: {schema}`) or preserves unknown fields; int-or-string, embedded
 * resources, nullable, OpenAPI's boolean exclusiveMinimum/Maximum and `x-kubernetes-list-type: set`
 * are translated; value-validation branches (allOf/anyOf/oneOf/not) stay open. Before validating, a
 * copy of the object is treated the way the server treats it: nulls of non-nullable fields are
 * dropped and defaults applied. Then `x-kubernetes-validations` (CEL, scripts/lib/schema/cel.ts) and
 * `x-kubernetes-list-type: map` key uniqueness are checked by a walk over the same schema.
 *
 * A version the CRD does not serve (or does not have) is a `not-served` issue naming the served
 * version to use; a deprecated one is a `deprecated` issue with the CRD's deprecationWarning.
 */
import path from 'node:path';
import { ToolError } from '../errors.js';
import { formatPath, type FieldPath } from '../findings.js';
import {
  compareVersions,
  importedCrds,
  importedReleases,
  lowestPins,
  operatorPinsSync,
  supportedKafkaVersions,
  type ImportedCrd,
  type OperatorPin,
} from '../operators.js';
import { evaluateRule, type CelRule, type SchemaNode } from './cel.js';
import { compileCached, prepareSchema, withContext, type CompiledValidate } from './compile.js';
import { toIssues } from './messages.js';
import type { ObjectValidator, SchemaIssue, SchemaScope, SchemaSource } from './types.js';
import { asArray, asObj, isObj } from '../objects.js';

export const IMPORTED_SOURCE_NAME = 'crd-imported';

/** Bump when toJsonSchema/shareRepeats change what they produce: cached validators are keyed by it. */
const TRANSLATION_FORMAT = 1;

interface KindEntry {
  readonly crd: ImportedCrd;
  readonly pin: OperatorPin;
}

/** The source of schemas for custom resources, from the CRDs of the pinned operator releases under root. */
export function importedCrdSchemas(root: string): SchemaSource {
  let byCluster: Map<string, OperatorPin[]> | undefined;
  const indexes = new Map<string, Map<string, KindEntry>>();
  const validators = new Map<string, ObjectValidator>();

  function pins(scope: SchemaScope | undefined): { key: string; pins: OperatorPin[] } {
    if (!byCluster) {
      byCluster = operatorPinsSync(root);
      // every pin must name an imported release: fail the run early, naming the file
      for (const list of byCluster.values()) for (const p of list) importedCrds(root, p.operator, p.version, p.file);
    }
    const cluster = scope?.cluster;
    if (cluster && byCluster.has(cluster)) return { key: `cluster:${cluster}`, pins: byCluster.get(cluster) ?? [] };
    if (byCluster.size > 0) return { key: 'lowest', pins: lowestPins(byCluster) };
    // no clusters/: every imported release, the newest of each operator
    const newest = new Map<string, OperatorPin>();
    for (const r of importedReleases(root)) {
      const seen = newest.get(r.operator);
      if (!seen || compareVersions(r.version, seen.version) > 0)
        newest.set(r.operator, { ...r, file: `schemas/crds/${r.operator}/${r.version}` });
    }
    return { key: 'imported', pins: [...newest.values()] };
  }

  function index(scope: SchemaScope | undefined): Map<string, KindEntry> {
    const { key, pins: list } = pins(scope);
    let hit = indexes.get(key);
    if (hit) return hit;
    hit = new Map();
    for (const pin of list) {
      for (const crd of importedCrds(root, pin.operator, pin.version, pin.file)) {
        const spec = asObj(crd.object.spec);
        const id = `${String(spec.group)}/${String(asObj(spec.names).kind)}`;
        const other = hit.get(id);
        if (other)
          throw new ToolError(
            `${crd.file}: ${id} is also defined by ${other.crd.file} (expected each kind from one pinned operator)`,
          );
        hit.set(id, { crd, pin });
      }
    }
    indexes.set(key, hit);
    return hit;
  }

  function lookup(apiVersion: string, kind: string, scope?: SchemaScope): ObjectValidator | undefined {
    const slash = apiVersion.indexOf('/');
    if (slash <= 0) return undefined;
    const group = apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const entry = index(scope).get(`${group}/${kind}`);
    if (!entry) return undefined;
    const cacheKey = `${entry.crd.file}\u0000${version}\u0000${entry.pin.file}`;
    let validator = validators.get(cacheKey);
    if (!validator) {
      validator = validatorFor(root, entry, version, apiVersion, kind);
      validators.set(cacheKey, validator);
    }
    return validator;
  }

  return { name: IMPORTED_SOURCE_NAME, lookup };
}

function validatorFor(
  root: string,
  entry: KindEntry,
  version: string,
  apiVersion: string,
  kind: string,
): ObjectValidator {
  const { crd, pin } = entry;
  const spec = asObj(crd.object.spec);
  const versions = asArray(spec.versions).map(asObj);
  const release = `${pin.operator} ${pin.version} (pinned in ${pin.file})`;
  const served = versions.filter((v) => v.served === true);
  const storage = versions.find((v) => v.storage === true && v.served === true) ?? served[0];
  const use = storage ? `${String(spec.group)}/${String(storage.name)}` : undefined;
  const v = versions.find((x) => x.name === version);
  if (v?.served !== true) {
    const what = v ? 'is not served by' : 'does not exist in';
    const message = `${apiVersion} ${kind} ${what} ${release}${use ? `: use ${use}` : ' (no version is served)'}`;
    return () => [{ kind: 'not-served', path: ['apiVersion'], message }];
  }
  const openapi = asObj(asObj(v.schema).openAPIV3Schema);
  const notes: SchemaIssue[] = [];
  if (v.deprecated === true) {
    const warning =
      typeof v.deprecationWarning === 'string' && v.deprecationWarning
        ? v.deprecationWarning
        : `${apiVersion} ${kind} is deprecated`;
    notes.push({
      kind: 'deprecated',
      path: ['apiVersion'],
      message: `${warning} (${release}${use && use !== apiVersion ? `; use ${use}` : ''})`,
    });
  }
  let schemaMemo: Record<string, unknown> | undefined;
  const jsonSchema = (): Record<string, unknown> => (schemaMemo ??= shareRepeats(prepareSchema(rootSchema(openapi))));
  const shown = `${crd.file} (${version})`;
  // keyed by the CRD file's digest, the version and this translation's format: a warm run builds nothing
  const validate: CompiledValidate = compileCached(
    jsonSchema,
    shown,
    true,
    `${TRANSLATION_FORMAT}\u0000${crd.digest}\u0000${version}`,
  );
  const extra = operatorFacts(root, pin, String(spec.group), kind);
  return (object: unknown): SchemaIssue[] => {
    const served = prepareObject(object, openapi);
    const issues = validate(served)
      ? []
      : toIssues(withContext(validate.errors ?? [], jsonSchema(), served), served, kind);
    const walked: SchemaIssue[] = [];
    walk(served, openapi, [], walked, kind);
    return [...notes, ...issues, ...walked, ...extra(served)];
  };
}

// ---------------------------------------------------------------------------------------------
// openAPIV3Schema -> JSON Schema

const FORMATS = new Set(['int32', 'int64', 'date-time']);

function rootSchema(openapi: SchemaNode): Record<string, unknown> {
  const out = toJsonSchema(openapi, true);
  // metadata is the API server's ObjectMeta, checked by SCH-009; a CRD may only narrow name
  const properties = asObj(out.properties);
  out.properties = { ...properties, metadata: { type: 'object' } };
  return out;
}

export function toJsonSchema(node: SchemaNode, structural: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nullable = node.nullable === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (typeof node.type === 'string') out.type = nullable ? [node.type, 'null'] : node.type;
  else if (intOrString) out.type = nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
  for (const key of [
    'pattern',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'multipleOf',
    'minItems',
    'maxItems',
    'uniqueItems',
    'minProperties',
    'maxProperties',
    'required',
  ]) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  if (Array.isArray(node.enum)) out.enum = nullable && !node.enum.includes(null) ? [...node.enum, null] : node.enum;
  if (typeof node.format === 'string' && FORMATS.has(node.format)) out.format = node.format;
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (isObj(node.items)) out.items = toJsonSchema(node.items, structural);
  if (isObj(node.properties))
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(asObj(v), structural)]),
    );
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...asObj(out.properties),
    };
  }
  if (isObj(node.additionalProperties)) out.additionalProperties = toJsonSchema(node.additionalProperties, structural);
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[key])) out[key] = (node[key] as unknown[]).map((b) => toJsonSchema(asObj(b), false));
  }
  if (isObj(node.not)) out.not = toJsonSchema(node.not, false);
  // int-or-string nodes say anyOf [{type: integer}, {type: string}]: the type above already does
  if (
    intOrString &&
    Array.isArray(out.anyOf) &&
    (out.anyOf as Record<string, unknown>[]).every(
      (b) => Object.keys(b).length === 1 && (b.type === 'integer' || b.type === 'string'),
    )
  )
    delete out.anyOf;
  const isObject = node.type === 'object' || isObj(node.properties);
  if (structural && isObject && !preserve && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * CRDs repeat large subtrees (Argo CD's ApplicationSet has the Application template under every
 * generator, nested matrix and merge generators again): a subtree that occurs more than once moves to
 * $defs and is referenced, so ajv compiles it once (the generated code shrinks from megabytes).
 */
export function shareRepeats(schema: Record<string, unknown>, minSize = 400): Record<string, unknown> {
  const counts = new Map<string, number>();
  const text = new WeakMap<object, string>();
  const measure = (node: unknown): string => {
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const cached = text.get(node);
    if (cached !== undefined) return cached;
    const t = Array.isArray(node)
      ? `[${node.map(measure).join(',')}]`
      : `{${Object.entries(node)
          .map(([k, v]) => `${JSON.stringify(k)}:${measure(v)}`)
          .join(',')}}`;
    text.set(node, t);
    if (!Array.isArray(node) && t.length >= minSize) counts.set(t, (counts.get(t) ?? 0) + 1);
    return t;
  };
  measure(schema);
  const defs: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const rewrite = (node: unknown, key: string | undefined, top: boolean): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    if (key === 'enum' || key === 'required') return node;
    if (Array.isArray(node)) return node.map((n) => rewrite(n, undefined, false));
    const t = text.get(node) as string;
    if (!top && key !== 'properties' && (counts.get(t) ?? 0) > 1) {
      let name = names.get(t);
      if (!name) {
        name = `s${names.size}`;
        names.set(t, name);
        defs[name] = rewrite(node, undefined, true);
      }
      return { $ref: `#/$defs/${name}` };
    }
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === 'properties' && isObj(v)
          ? Object.fromEntries(Object.entries(v).map(([p, c]) => [p, rewrite(c, undefined, false)]))
          : rewrite(v, k, false),
      ]),
    );
  };
  const out = rewrite(schema, undefined, true) as Record<string, unknown>;
  return names.size ? { ...out, $defs: defs } : out;
}

// ---------------------------------------------------------------------------------------------
// the object as the API server sees it: nulls of non-nullable fields pruned, defaults applied

export function prepareObject(value: unknown, schema: SchemaNode): unknown {
  if (Array.isArray(value)) {
    const items = isObj(schema.items) ? schema.items : undefined;
    return items ? value.map((v) => prepareObject(v, items)) : value;
  }
  if (!isObj(value)) return value;
  const properties = isObj(schema.properties) ? schema.properties : {};
  const additional = isObj(schema.additionalProperties) ? schema.additionalProperties : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const child = isObj(properties[k]) ? (properties[k] as SchemaNode) : additional;
    if (v === null && child && child.nullable !== true) continue;
    out[k] = child ? prepareObject(v, child) : v;
  }
  for (const [k, child] of Object.entries(properties)) {
    if (out[k] === undefined && isObj(child) && child.default !== undefined)
      out[k] = prepareObject(structuredClone(child.default), child);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CEL rules and list-map keys

function matchesType(value: unknown, schema: SchemaNode): boolean {
  switch (schema.type) {
    case 'object':
      return isObj(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return value !== undefined;
  }
}

/** Whether the value has the schema's types all the way down (the server runs no rule on a value of the wrong type). */
function typesConform(value: unknown, schema: SchemaNode, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  if (!matchesType(value, schema)) return false;
  if (depth > 64) return true;
  if (Array.isArray(value)) {
    const items = isObj(schema.items) ? schema.items : undefined;
    return !items || value.every((v) => typesConform(v, items, depth + 1));
  }
  if (isObj(value)) {
    const properties = isObj(schema.properties) ? schema.properties : {};
    const additional = isObj(schema.additionalProperties) ? schema.additionalProperties : undefined;
    return Object.entries(value).every(([k, v]) => {
      const child = isObj(properties[k]) ? (properties[k] as SchemaNode) : additional;
      return !child || typesConform(v, child, depth + 1);
    });
  }
  return true;
}

function walk(value: unknown, schema: SchemaNode, at: FieldPath, issues: SchemaIssue[], kind: string): void {
  if (value === undefined || value === null || !matchesType(value, schema)) return;
  const declared = asArray(schema['x-kubernetes-validations']);
  // the server runs no rule on a value of the wrong type; SCH-007 reports the types
  const rules = declared.length > 0 && typesConform(value, schema) ? declared : [];
  const where = at.length ? `${kind}.${formatPath(at)}` : kind;
  for (const raw of rules) {
    const rule = asObj(raw) as unknown as CelRule;
    if (typeof rule.rule !== 'string') continue;
    const outcome = evaluateRule(rule, value, schema);
    if (outcome.status === 'fail') {
      const reason = rule.reason && rule.reason !== 'FieldValueInvalid' ? ` [${rule.reason}]` : '';
      issues.push({
        kind: 'cel',
        path: [...at, ...outcome.path],
        message: `${where}: ${outcome.message}${reason} (CRD validation rule: ${rule.rule})`,
      });
    } else if (outcome.status === 'skipped') {
      issues.push({
        kind: 'cel-skipped',
        path: at,
        message: `CRD validation rule on ${where} was not evaluated: ${outcome.why} (rule: ${rule.rule})`,
      });
    }
  }
  if (Array.isArray(value)) {
    const items = isObj(schema.items) ? schema.items : undefined;
    if (schema['x-kubernetes-list-type'] === 'map')
      listMapKeys(value, asArray(schema['x-kubernetes-list-map-keys']).map(String), at, issues, where);
    if (items)
      value.forEach((v, i) => {
        walk(v, items, [...at, i], issues, kind);
      });
    return;
  }
  if (isObj(value)) {
    const properties = isObj(schema.properties) ? schema.properties : {};
    const additional = isObj(schema.additionalProperties) ? schema.additionalProperties : undefined;
    for (const [k, v] of Object.entries(value)) {
      const child = isObj(properties[k]) ? (properties[k] as SchemaNode) : additional;
      if (child) walk(v, child, [...at, k], issues, kind);
    }
  }
}

function listMapKeys(list: unknown[], keys: string[], at: FieldPath, issues: SchemaIssue[], where: string): void {
  if (keys.length === 0) return;
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    if (!isObj(item)) return;
    const id = JSON.stringify(keys.map((k) => item[k] ?? null));
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else {
      const shown = keys.map((k) => `${k}=${JSON.stringify(item[k] ?? null)}`).join(', ');
      issues.push({
        kind: 'conformance',
        path: [...at, i],
        message:
          `${where}[${i}]: duplicate entry (${shown}) — already at [${first}]; ` +
          `the list is keyed by ${keys.join(', ')}`,
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// facts of a release that no CRD schema says

function operatorFacts(
  root: string,
  pin: OperatorPin,
  group: string,
  kind: string,
): (object: unknown) => SchemaIssue[] {
  if (group === 'kafka.strimzi.io' && kind === 'Kafka') {
    const versions = supportedKafkaVersions(root, pin.version, pin.operator);
    if (!versions) return () => [];
    return (object) => {
      const kafka = asObj(asObj(asObj(object).spec).kafka);
      const out: SchemaIssue[] = [];
      const version = kafka.version;
      const release = `${pin.operator} ${pin.version} (pinned in ${pin.file})`;
      const listed = versions.supported.join(', ');
      if (version !== undefined && !versions.supported.includes(String(version))) {
        out.push({
          kind: 'kafka-version',
          path: ['spec', 'kafka', 'version'],
          message:
            `Kafka ${String(version)} is not supported by ${release} (supported: ` +
            `${listed}${versions.default ? `; default ${versions.default}` : ''})`,
        });
      }
      const effective = version !== undefined ? String(version) : versions.default;
      const metadata = kafka.metadataVersion;
      if (typeof metadata === 'string' && effective) {
        const m = /^(\d+)\.(\d+)/.exec(metadata);
        const k = /^(\d+)\.(\d+)/.exec(effective);
        if (m && k && compareVersions(`${m[1]}.${m[2]}`, `${k[1]}.${k[2]}`) > 0) {
          out.push({
            kind: 'kafka-version',
            path: ['spec', 'kafka', 'metadataVersion'],
            message:
              `metadataVersion ${metadata} is newer than Kafka ${effective}` +
              ` (expected ${k[1]}.${k[2]}-IVx or older)`,
          });
        }
      }
      return out;
    };
  }
  return () => [];
}

export const IMPORTED_CRD_DIR = path.posix.join('schemas', 'crds');
