/**
 * Cross-checks the project's schema verdicts against the upstream schemas kept in
 * ../shared/reference/ (Kubernetes 1.28 OpenAPI v3 documents and the CRD JSON Schemas of the
 * operators this repo uses). Reference data only: the project never reads it at run time, and this
 * test is skipped when it is absent.
 *
 * The upstream validator is built here, with ajv, the way the API server judges an object:
 * - built-in kinds: the schema in k8s-openapi/1.28/<api|apis/group>/<version>.json whose
 *   x-kubernetes-group-version-kind names the kind; custom resources: the openAPIV3Schema of that
 *   version in the real CRDs of operator-crds/<operator>-<version>/ (read here straight from the
 *   reference, not from the repo's import), a version the CRD does not serve has no schema;
 * - strict unknown fields (kubectl --validate=strict / server-side field validation): objects that
 *   declare properties, with no additionalProperties and no x-kubernetes-preserve-unknown-fields, are
 *   closed, the root too (apiVersion, kind, metadata and status always allowed);
 * - int-or-string and quantities accept an integer or a string, as the API does; explicit nulls are
 *   dropped from objects before validation (the API decodes null as "unset" for native fields, and
 *   prunes nulls of non-nullable CRD fields); formats are not checked (int32, byte, date-time...);
 * - a few enums that the API enforces in its Go validation but the 1.28 OpenAPI does not carry
 *   (NATIVE_ENUMS below), so that a bad imagePullPolicy is rejected upstream too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft7 from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { renderTargets } from '../scripts/lib/render.js';
import { validate } from '../scripts/lib/validate/run.js';
import { ROOT } from './helpers.js';
import { isObj, type Obj } from '../scripts/lib/objects.js';

const REF = path.resolve(ROOT, '../shared/reference');
const OPENAPI = path.join(REF, 'k8s-openapi', '1.28');
const OPERATOR_CRDS = path.join(REF, 'operator-crds');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

// ---------------------------------------------------------------------------------------------
// The upstream validator

/**
 * Enums the API server enforces in its Go validation (k8s.io/kubernetes pkg/apis/core/validation)
 * but the 1.28 OpenAPI only types as "string": a field (JSON pointer pattern) of built-in kinds.
 */
const NATIVE_ENUMS: readonly { readonly kind?: string; readonly field: RegExp; readonly values: readonly string[] }[] =
  [
    // supportedPullPolicies
    {
      field: /\/(containers|initContainers|ephemeralContainers)\/\d+\/imagePullPolicy$/,
      values: ['Always', 'IfNotPresent', 'Never'],
    },
    // supportedServiceType
    { kind: 'Service', field: /^\/spec\/type$/, values: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
  ];

/**
 * Kinds left out of the upstream check because compiling their schema is prohibitive on a small
 * machine. Empty: with inlineRefs off the Argo CD ApplicationSet CRD (~2 MB) compiled in ~8 s on the
 * 2-core machine (Application ~2.5 s, everything else < 1 s), so it is checked like every other
 * kind; the tests that may compile it have generous timeouts.
 */
const SKIPPED_KINDS: ReadonlySet<string> = new Set<string>();

interface UpstreamVerdict {
  readonly status: 'valid' | 'invalid' | 'no-schema';
  /** "<instancePath> <message>" per error, or why there is no schema */
  readonly errors: readonly string[];
}

const SUBSCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);
const SUBSCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SUBSCHEMA_ONE = new Set([
  'items',
  'additionalProperties',
  'additionalItems',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
]);

function regexCompiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Prepares one upstream schema node for ajv. `closable` is false for branches of allOf/anyOf/oneOf/not,
 * whose properties only constrain part of an object; `root` marks a kind's top-level schema.
 */
function prepare(node: unknown, closable: boolean, root = false): unknown {
  if (typeof node === 'boolean' || !isObj(node)) return node;
  if (node['format'] === 'int-or-string' || node['x-kubernetes-int-or-string'] === true) {
    const out: Obj = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    if (typeof node['pattern'] === 'string' && regexCompiles(node['pattern'])) out['pattern'] = node['pattern'];
    return out;
  }
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'description' || key === 'example' || key === 'default') continue;
    if (key === 'pattern' && typeof value === 'string' && !regexCompiles(value)) continue; // Go-only regex syntax
    if (key === 'nullable' && node['type'] === undefined) continue; // ajv needs a type next to nullable
    if (SUBSCHEMA_MAPS.has(key) && isObj(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v : prepare(v, true)]),
      );
    } else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => prepare(v, false));
    } else if (SUBSCHEMA_ONE.has(key)) {
      out[key] = Array.isArray(value) ? value.map((v) => prepare(v, true)) : prepare(value, key !== 'not');
    } else {
      out[key] = value;
    }
  }
  if (root && isObj(out['properties'])) {
    const props = out['properties'];
    for (const k of ['apiVersion', 'kind', 'metadata', 'status']) if (props[k] === undefined) props[k] = {};
  }
  if (
    closable &&
    isObj(out['properties']) &&
    out['additionalProperties'] === undefined &&
    node['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** Drops null values from objects (not from lists), as the API does before validating. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObj(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function nativeEnumErrors(kind: string, value: unknown, at: string, out: string[]): void {
  if (Array.isArray(value))
    value.forEach((v, i) => {
      nativeEnumErrors(kind, v, `${at}/${i}`, out);
    });
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) nativeEnumErrors(kind, v, `${at}/${k}`, out);
  else if (typeof value === 'string') {
    for (const rule of NATIVE_ENUMS) {
      if ((rule.kind === undefined || rule.kind === kind) && rule.field.test(at) && !rule.values.includes(value))
        out.push(`${at} must be one of ${rule.values.join(', ')} (API validation)`);
    }
  }
}

const describeErrors = (errors: readonly ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? e.keyword}` +
      `${e.params && 'additionalProperty' in e.params ? ` "${String(e.params['additionalProperty'])}"` : ''}` +
      `${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params['allowedValues'])}` : ''}`,
  );

class Upstream {
  private readonly ajv = new AjvDraft7.default({
    allErrors: true,
    strict: false,
    logger: false,
    validateFormats: false,
    inlineRefs: false,
    validateSchema: false,
  });
  /** group-version document file -> kind -> schema name */
  private readonly documents = new Map<string, Map<string, string> | undefined>();
  private readonly validators = new Map<string, ValidateFunction | undefined>();
  /** compile time per kind, for the record */
  readonly compileMs = new Map<string, number>();
  /** group/kind -> the CRD, from operator-crds/ */
  private crds: Map<string, Obj> | undefined;

  private crdFor(group: string, kind: string): Obj | undefined {
    if (!this.crds) {
      this.crds = new Map();
      for (const folder of existsSync(OPERATOR_CRDS) ? readdirSync(OPERATOR_CRDS).filter((f) => /-\d/.test(f)) : []) {
        for (const file of readdirSync(path.join(OPERATOR_CRDS, folder)).filter(
          (f) => f.endsWith('.yaml') && f !== 'kafka-versions.yaml',
        )) {
          for (const doc of parseAllDocuments(readFileSync(path.join(OPERATOR_CRDS, folder, file), 'utf8'))) {
            const crd = doc.toJS({ maxAliasCount: -1 }) as unknown;
            if (!isObj(crd) || crd['kind'] !== 'CustomResourceDefinition' || !isObj(crd['spec'])) continue;
            const spec = crd['spec'];
            this.crds.set(`${String(spec['group'])}/${String((spec['names'] as Obj)['kind'])}`, crd);
          }
        }
      }
    }
    return this.crds.get(`${group}/${kind}`);
  }

  private builtinFile(group: string, version: string): string {
    return group === ''
      ? path.join(OPENAPI, 'api', `${version}.json`)
      : path.join(OPENAPI, 'apis', group, `${version}.json`);
  }

  /** Loads a group-version document once, adds its components to ajv, and indexes its kinds. */
  private builtinDocument(group: string, version: string): Map<string, string> | undefined {
    const file = this.builtinFile(group, version);
    if (this.documents.has(file)) return this.documents.get(file);
    let kinds: Map<string, string> | undefined;
    if (existsSync(file)) {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { components?: { schemas?: Obj } };
      const schemas = doc.components?.schemas ?? {};
      kinds = new Map();
      const prepared: Obj = {};
      for (const [name, schema] of Object.entries(schemas)) {
        const gvks = (isObj(schema) ? schema['x-kubernetes-group-version-kind'] : undefined) as
          | { group?: string; version?: string; kind?: string }[]
          | undefined;
        const own = (gvks ?? []).find((g) => (g.group ?? '') === group && g.version === version && g.kind);
        if (own?.kind && !kinds.has(own.kind)) kinds.set(own.kind, name);
        prepared[name] = prepare(schema, true, Boolean(own));
      }
      this.ajv.addSchema({ $id: this.idOf(file), components: { schemas: prepared } });
    }
    this.documents.set(file, kinds);
    return kinds;
  }

  private idOf(file: string): string {
    return `https://reference.invalid/${path.relative(REF, file).split(path.sep).join('/')}`;
  }

  /** The compiled validator for a GVK, or a reason why there is none. */
  validatorFor(apiVersion: string, kind: string): ValidateFunction | string {
    const key = `${apiVersion}|${kind}`;
    if (SKIPPED_KINDS.has(kind)) return `${kind} is skipped (compile time)`;
    if (this.validators.has(key)) return this.validators.get(key) ?? `no upstream schema for ${kind} ${apiVersion}`;
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const started = performance.now();
    let validator: ValidateFunction | undefined;
    const schemaName = this.builtinDocument(group, version)?.get(kind);
    if (schemaName) {
      validator = this.ajv.compile({
        $ref: `${this.idOf(this.builtinFile(group, version))}#/components/schemas/${schemaName}`,
      });
    } else if (group !== '') {
      const crd = this.crdFor(group, kind);
      const served = ((crd?.['spec'] as Obj | undefined)?.['versions'] as Obj[] | undefined)?.find(
        (v) => v['name'] === version && v['served'] === true,
      );
      const schema = (served?.['schema'] as Obj | undefined)?.['openAPIV3Schema'];
      if (schema) validator = this.ajv.compile(prepare(schema, true, true) as Obj);
    }
    this.compileMs.set(key, performance.now() - started);
    this.validators.set(key, validator);
    return validator ?? `no upstream schema for ${kind} ${apiVersion}`;
  }

  has(apiVersion: string, kind: string): boolean {
    return typeof this.validatorFor(apiVersion, kind) === 'function';
  }

  check(object: Obj): UpstreamVerdict {
    const validator = this.validatorFor(String(object['apiVersion']), String(object['kind']));
    if (typeof validator === 'string') return { status: 'no-schema', errors: [validator] };
    const value = withoutNulls(object);
    const errors = validator(value) ? [] : describeErrors(validator.errors);
    const apiVersion = String(object['apiVersion']);
    if (!apiVersion.includes('.') || apiVersion.includes('.k8s.io/'))
      nativeEnumErrors(String(object['kind']), value, '', errors);
    return { status: errors.length === 0 ? 'valid' : 'invalid', errors };
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface Manifest {
  readonly file: string;
  readonly index: number;
  readonly object: Obj;
}

function manifestsIn(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  return docs
    .filter((d) => d.errors.length === 0)
    .map((d, index) => ({ file: path.relative(ROOT, file), index, object: d.toJS() as unknown }))
    .filter(
      (m): m is Manifest =>
        isObj(m.object) && typeof m.object['apiVersion'] === 'string' && typeof m.object['kind'] === 'string',
    );
}

const label = (o: Obj): string => {
  const meta = isObj(o['metadata']) ? o['metadata'] : {};
  return (
    `${String(o['kind'])} ` +
    `${typeof meta['namespace'] === 'string' ? `${meta['namespace']}/` : ''}` +
    `${String(meta['name'] ?? '<unnamed>')} (${String(o['apiVersion'])})`
  );
};

// ---------------------------------------------------------------------------------------------

describe.skipIf(!existsSync(REF))('cross-check with the upstream schemas in ../shared/reference', () => {
  const upstream = new Upstream();

  it('every resource the repo renders is valid upstream too', { timeout: 600_000 }, async () => {
    const pipeline = await loadPipeline(ROOT);
    const rendered = await renderTargets(ROOT, pipeline.targets, pipeline.kustomize);
    expect(rendered.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const noSchema = new Set<string>();
    let checked = 0;
    for (const target of rendered) {
      for (const resource of target.resources) {
        const verdict = upstream.check(resource.object);
        if (verdict.status === 'no-schema') {
          noSchema.add(`${String(resource.object['kind'])} ${String(resource.object['apiVersion'])}`);
          continue;
        }
        checked++;
        if (verdict.status === 'invalid') {
          failures.push(
            `${target.target.name}: ${label(resource.object)} from ` +
              `${resource.origin ?? target.file}:\n      ` +
              `${verdict.errors.join('\n      ')}`,
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(
      failures,
      `rendered resources upstream rejects (kinds without an upstream ` +
        `schema, not checked: ${[...noSchema].sort().join(', ') || 'none'})`,
    ).toEqual([]);
  });

  /**
   * One defect each. `upstream`: a fragment of the upstream error, or 'no-schema' when upstream
   * 1.28 / the operator serves no such kind; `project`: a fragment of one of the project's error
   * findings (path, or message).
   */
  const BROKEN: readonly { file: string; upstream: string; project: string }[] = [
    {
      file: 'deployment-container-typo.yaml',
      upstream: '"imagePullPolicyy"',
      project: 'spec.template.spec.containers[0].imagePullPolicyy',
    },
    { file: 'deployment-spec-replica.yaml', upstream: '"replica"', project: 'spec.replica' },
    { file: 'deployment-replicas-string.yaml', upstream: '/spec/replicas must be integer', project: 'spec.replicas' },
    {
      file: 'deployment-missing-containers.yaml',
      upstream: "must have required property 'containers'",
      project: 'containers',
    },
    {
      file: 'deployment-bad-pull-policy.yaml',
      upstream: '/spec/template/spec/containers/0/imagePullPolicy must be one of',
      project: 'spec.template.spec.containers[0].imagePullPolicy',
    },
    { file: 'metadata-lables.yaml', upstream: '"lables"', project: 'metadata.lables' },
    { file: 'top-level-spce.yaml', upstream: '"spce"', project: 'spce' },
    { file: 'service-port-string.yaml', upstream: '/spec/ports/0/port must be integer', project: 'spec.ports[0].port' },
    { file: 'cnpg-cluster-instancess.yaml', upstream: '"instancess"', project: 'spec.instancess' },
    { file: 'rediscluster-unknown-field.yaml', upstream: '"size"', project: 'spec.size' },
    { file: 'servicemonitor-endpoints-typo.yaml', upstream: '"intervall"', project: 'spec.endpoints[0].intervall' },
    { file: 'externalsecret-bad-field.yaml', upstream: '"refreshIntervall"', project: 'spec.refreshIntervall' },
    { file: 'pdb-policy-v1beta1.yaml', upstream: 'no-schema', project: 'apiVersion' },
    { file: 'kafka-v1beta2.yaml', upstream: 'no-schema', project: 'use kafka.strimzi.io/v1' },
    { file: 'kafka-template-typo.yaml', upstream: '"priorityClass"', project: 'spec.kafka.template.pod.priorityClass' },
    { file: 'rediscluster-security-context.yaml', upstream: '"securityContext"', project: 'spec.securityContext' },
    {
      file: 'redis-seed-group.yaml',
      upstream: 'no-schema',
      project: 'custom resource group "redis.redis.opstreelabs.io" is unknown',
    },
  ];

  it('the broken fixtures list matches tests/fixtures/crosscheck/', () => {
    const files = readdirSync(path.join(FIXTURES, 'crosscheck'))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files).toEqual(BROKEN.map((b) => b.file).sort());
  });

  it.each(BROKEN)(
    '$file is rejected by both the project and upstream',
    { timeout: 180_000 },
    async ({ file, upstream: expectedUpstream, project: expectedProject }) => {
      const full = path.join(FIXTURES, 'crosscheck', file);
      const [manifest, ...rest] = manifestsIn(full);
      expect(manifest, `${file} holds one manifest`).toBeDefined();
      expect(rest).toEqual([]);

      const verdict = upstream.check(manifest!.object);
      if (expectedUpstream === 'no-schema') {
        expect(verdict.status, verdict.errors.join('\n')).toBe('no-schema');
      } else {
        expect(verdict.status, `upstream accepts ${file}`).toBe('invalid');
        expect(verdict.errors.join('\n')).toContain(expectedUpstream);
      }

      const result = await validate({
        root: ROOT,
        cwd: ROOT,
        paths: [path.relative(ROOT, full)],
        groups: new Set(['schema']),
      });
      const errors = result.findings.filter((f) => f.severity === 'error' && !f.waived);
      expect(errors.length, `the project raises no error on ${file}`).toBeGreaterThan(0);
      expect(errors.map((f) => `${f.ruleId} ${f.path} ${f.message}`).join('\n')).toContain(expectedProject);
    },
  );

  /**
   * The schema-level rule fixtures (SCH-006 schema known, SCH-007 conformance, SCH-008 unknown
   * field): every fail.yaml holds a manifest upstream rejects or has no schema for, so the project's
   * schema errors are real API errors. (The other SCH rules — names, list-map keys, duplicates,
   * selectors, port names, ranges, quantities — are Go validation the OpenAPI does not express.)
   */
  const schemaFailures = existsSync(path.join(FIXTURES, 'rules'))
    ? readdirSync(path.join(FIXTURES, 'rules'))
        .filter((d) => /^SCH-00[678]-/.test(d) && existsSync(path.join(FIXTURES, 'rules', d, 'fail.yaml')))
        .sort()
    : [];

  it.each(schemaFailures)('rules/%s/fail.yaml is rejected upstream too', { timeout: 180_000 }, (dir) => {
    const verdicts = manifestsIn(path.join(FIXTURES, 'rules', dir, 'fail.yaml')).map((m) => ({
      m,
      v: upstream.check(m.object),
    }));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(
      verdicts.filter(({ v }) => v.status !== 'valid'),
      `upstream accepts every manifest of ${dir}/fail.yaml: ${verdicts.map(({ m }) => label(m.object)).join(', ')}`,
    ).not.toEqual([]);
  });

  const passing = [
    ...(existsSync(path.join(FIXTURES, 'rules'))
      ? readdirSync(path.join(FIXTURES, 'rules'))
          .filter((d) => d.startsWith('SCH-') && existsSync(path.join(FIXTURES, 'rules', d, 'pass.yaml')))
          .map((d) => path.join(FIXTURES, 'rules', d, 'pass.yaml'))
      : []),
    ...['schema-crd/valid', 'schema-crd/current', 'schema-builtin']
      .map((d) => path.join(FIXTURES, d))
      .filter((d) => existsSync(d))
      .flatMap((d) =>
        readdirSync(d)
          .filter((f) => f === 'valid.yaml' || d.endsWith('valid') || d.endsWith('current'))
          .map((f) => path.join(d, f)),
      ),
  ].sort();

  it.each(passing.map((f) => path.relative(ROOT, f)))(
    '%s (accepted by the project) is valid upstream where upstream has the kind',
    { timeout: 180_000 },
    (file) => {
      const problems: string[] = [];
      for (const m of manifestsIn(path.join(ROOT, file))) {
        const verdict = upstream.check(m.object);
        if (verdict.status === 'invalid')
          problems.push(`${label(m.object)} (document ${m.index + 1}):\n      ${verdict.errors.join('\n      ')}`);
      }
      expect(problems).toEqual([]);
    },
  );
});
