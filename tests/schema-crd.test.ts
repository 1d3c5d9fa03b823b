import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft7 from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { closest, crdSchemas } from '../scripts/lib/schema/crd.js';
import { formatPath } from '../scripts/lib/findings.js';
import type { SchemaIssue } from '../scripts/lib/schema/types.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const schemaDir = path.join(repo, 'schemas');
const fixtures = path.join(repo, 'tests', 'fixtures', 'schema-crd');
const refDir = path.resolve(repo, '../shared/reference/crds');

type Obj = Record<string, unknown>;

interface Doc {
  readonly file: string;
  readonly object: Obj;
  readonly apiVersion: string;
  readonly kind: string;
}

function readDocs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Obj => typeof o === 'object' && o !== null)
    .map((object) => ({ file: path.basename(file), object, apiVersion: String(object['apiVersion']), kind: String(object['kind']) }));
}

function docsIn(dir: string): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => readDocs(path.join(dir, f)));
}

function schemaFiles(): { file: string; schema: Obj }[] {
  return readdirSync(schemaDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .flatMap((group) =>
      readdirSync(path.join(schemaDir, group))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({ file: `${group}/${f}`, schema: JSON.parse(readFileSync(path.join(schemaDir, group, f), 'utf8')) as Obj })),
    );
}

function gvkOf(schema: Obj): { apiVersion: string; kind: string } {
  const props = schema['properties'] as Record<string, { const: string }>;
  return { apiVersion: props['apiVersion']!.const, kind: props['kind']!.const };
}

const short = (issues: readonly SchemaIssue[]): string[] => issues.map((i) => `${i.kind} ${formatPath(i.path)}`).sort();

const valid = docsIn(path.join(fixtures, 'valid'));
const source = crdSchemas({ dirs: [schemaDir] });

describe('project CRD schemas (schemas/)', () => {
  const files = schemaFiles();

  it('has the kinds the platform uses, in kubeconform layout', () => {
    expect(files.length).toBe(30);
    for (const { file, schema } of files) {
      const { apiVersion, kind } = gvkOf(schema);
      const [group, version] = apiVersion.split('/');
      expect(file).toBe(`${group}/${kind.toLowerCase()}_${version}.json`);
    }
  });

  it.each(files.map((f) => [f.file, f.schema] as const))('%s compiles on its own and is strict', (_file, schema) => {
    const { apiVersion, kind } = gvkOf(schema);
    expect(source.lookup(apiVersion, kind)).toBeTypeOf('function');
    // every object that declares properties closes them, unless it is documented free-form
    const loose: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const o = node as Obj;
      if (o['properties'] && o['additionalProperties'] === undefined && o['x-kubernetes-preserve-unknown-fields'] !== true) loose.push(at);
      if (o['x-kubernetes-preserve-unknown-fields'] === true && typeof o['description'] !== 'string') loose.push(`${at} (undocumented free-form)`);
      for (const [k, v] of Object.entries(o)) if (k !== 'enum' && k !== 'const') walk(v, `${at}/${k}`);
    };
    walk(schema, '#');
    expect(loose).toEqual([]);
  });

  it('every schema has a valid example', () => {
    const covered = new Set(valid.map((d) => `${d.apiVersion} ${d.kind}`));
    const missing = files.map((f) => gvkOf(f.schema)).filter((g) => !covered.has(`${g.apiVersion} ${g.kind}`));
    expect(missing).toEqual([]);
  });

  it.each(valid.map((d) => [`${d.file}: ${d.kind} ${d.apiVersion}`, d] as const))('valid: %s', (_name, doc) => {
    const validate = source.lookup(doc.apiVersion, doc.kind);
    expect(validate, 'schema found').toBeTypeOf('function');
    expect(validate!(doc.object)).toEqual([]);
  });
});

describe('failing examples', () => {
  const cases: [file: string, expected: string[]][] = [
    ['cnpg-misspelled.yaml', ['unknown-field spec.instancess', 'unknown-field spec.storage.storageClas']],
    ['cnpg-wrong-type.yaml', ['conformance spec.instances', 'conformance spec.postgresql.parameters.max_connections']],
    ['cnpg-missing-required.yaml', ['conformance spec.pluginConfiguration.name', 'conformance spec.schedule']],
    ['cnpg-pooler-enum.yaml', ['conformance spec.type']],
    ['redis-unknown-field.yaml', ['unknown-field spec.size', 'unknown-field spec.storage.type']],
    [
      'cluster-description-bad.yaml',
      ['conformance spec.environments', 'conformance spec.kubernetesVersion', 'conformance spec.role', 'conformance spec.server'],
    ],
    ['applicationset-template-bool.yaml', ['conformance spec.template.spec.syncPolicy.automated.prune']],
  ];

  const issuesOf = (file: string): SchemaIssue[] => {
    const [doc] = readDocs(path.join(fixtures, 'invalid', file));
    const validate = source.lookup(doc!.apiVersion, doc!.kind);
    expect(validate).toBeTypeOf('function');
    return validate!(doc!.object);
  };

  it.each(cases)('%s', (file, expected) => {
    expect(short(issuesOf(file))).toEqual([...expected].sort());
  });

  it('says which field was meant, and drops the "missing" echo of the typo', () => {
    const messages = issuesOf('cnpg-misspelled.yaml').map((i) => i.message);
    expect(messages).toContain('unknown field "instancess" in Cluster.spec (did you mean "instances"?)');
    expect(messages).toContain('unknown field "storageClas" in Cluster.spec.storage (did you mean "storageClass"?)');
  });

  it('explains what was found and what was expected', () => {
    const byPath = (file: string): Map<string, string> =>
      new Map(issuesOf(file).map((i) => [formatPath(i.path), i.message] as const));
    expect(byPath('cnpg-wrong-type.yaml').get('spec.instances')).toBe('Cluster.spec.instances: expected integer, found string "three"');
    expect(byPath('cnpg-pooler-enum.yaml').get('spec.type')).toBe('Pooler.spec.type: string "rww" is not allowed (allowed: "rw", "ro", "r")');
    expect(byPath('cnpg-missing-required.yaml').get('spec.schedule')).toBe('missing required field "schedule" in ScheduledBackup.spec');
    expect(byPath('cluster-description-bad.yaml').get('spec.kubernetesVersion')).toMatch(/expected string, found number 1\.3/);
    // a field with no close match lists what is allowed
    expect(byPath('redis-unknown-field.yaml').get('spec.storage.type')).toMatch(/expected one of: .*volumeClaimTemplate/);
  });

  it('a seed-style manifest: the wrong API group has no schema; monitoring.enabled is unknown', () => {
    expect(source.lookup('redis.redis.opstreelabs.io/v1beta1', 'RedisCluster')).toBeUndefined();
    const validate = source.lookup('postgresql.cnpg.io/v1', 'Cluster')!;
    const issues = validate({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'x' }, spec: { instances: 3, monitoring: { enabled: true } } });
    expect(short(issues)).toEqual(['unknown-field spec.monitoring.enabled']);
  });

  it('checks the root too: unknown top-level fields, required spec', () => {
    const validate = source.lookup('cert-manager.io/v1', 'Certificate')!;
    const typo = validate({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x' }, specs: {} });
    expect(short(typo)).toEqual(['unknown-field specs']);
    expect(typo[0]!.message).toBe('unknown field "specs" in Certificate (did you mean "spec"?)');
    const missing = validate({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x' } });
    expect(short(missing)).toEqual(['conformance spec']);
  });

  it('one message for an int-or-string field, not one per alternative', () => {
    const validate = source.lookup('argoproj.io/v1alpha1', 'ApplicationSet')!;
    const doc = structuredClone(valid.find((d) => d.kind === 'ApplicationSet')!.object) as {
      spec: { strategy: { rollingSync: { steps: Obj[] } } };
    };
    doc.spec.strategy.rollingSync.steps[1]!['maxUpdate'] = true;
    const issues = validate(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['spec', 'strategy', 'rollingSync', 'steps', 1, 'maxUpdate']);
    expect(issues[0]!.message).toContain('expected integer or string, found boolean true');
  });

  it('closest() suggests only near misses', () => {
    expect(closest('instancess', ['instances', 'imageName'])).toBe('instances');
    expect(closest('StorageClass', ['storageClass', 'size'])).toBe('storageClass');
    expect(closest('enabled', ['enablePodMonitor', 'tls'])).toBeUndefined();
  });
});

describe('--schema-location', () => {
  let tmp: string;
  const widgetSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      apiVersion: { const: 'example.com/v1' },
      kind: { const: 'Widget' },
      metadata: { type: 'object' },
      spec: { type: 'object', properties: { size: { type: 'integer' } }, required: ['size'], additionalProperties: false },
    },
    additionalProperties: false,
  };
  const widget = (spec: Obj): Obj => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'schema-crd-'));
    mkdirSync(path.join(tmp, 'layout', 'example.com'), { recursive: true });
    writeFileSync(path.join(tmp, 'layout', 'example.com', 'widget_v1.json'), JSON.stringify(widgetSchema));
    mkdirSync(path.join(tmp, 'broken', 'example.com'), { recursive: true });
    writeFileSync(path.join(tmp, 'broken', 'example.com', 'gadget_v1.json'), '{ "type": "object", ');
    writeFileSync(path.join(tmp, 'broken', 'example.com', 'gizmo_v1.json'), JSON.stringify({ type: 'strnig' }));
    // a permissive Cluster schema: must lose to the project's own
    mkdirSync(path.join(tmp, 'layout', 'postgresql.cnpg.io'), { recursive: true });
    writeFileSync(path.join(tmp, 'layout', 'postgresql.cnpg.io', 'cluster_v1.json'), JSON.stringify({ type: 'object' }));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a directory in kubeconform layout is found and applied', () => {
    const src = crdSchemas({ dirs: [schemaDir], locations: [path.join(tmp, 'layout')] });
    const validate = src.lookup('example.com/v1', 'Widget');
    expect(validate).toBeTypeOf('function');
    expect(validate!(widget({ size: 3 }))).toEqual([]);
    expect(short(validate!(widget({ sise: 3 })))).toEqual(['unknown-field spec.sise']);
  });

  it.each([
    ['{group}/{kind}_{version}.json'],
    ['{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'],
    ['{{.Group}}/{{.Kind}}_{{.ResourceAPIVersion}}.json'],
  ])('a path template works: %s', (template) => {
    const src = crdSchemas({ dirs: [schemaDir], locations: [path.join(tmp, 'layout', template)] });
    const validate = src.lookup('example.com/v1', 'Widget');
    expect(validate).toBeTypeOf('function');
    expect(short(validate!(widget({ size: 'big' })))).toEqual(['conformance spec.size']);
  });

  it('the project dirs come first; misses are cached', () => {
    const src = crdSchemas({ dirs: [schemaDir], locations: [path.join(tmp, 'layout')] });
    const issues = src.lookup('postgresql.cnpg.io/v1', 'Cluster')!({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', spec: { instancess: 1 } });
    expect(short(issues)).toEqual(['unknown-field spec.instancess']);
    expect(src.lookup('example.com/v1', 'Sprocket')).toBeUndefined();
    writeFileSync(path.join(tmp, 'layout', 'example.com', 'sprocket_v1.json'), JSON.stringify(widgetSchema));
    expect(src.lookup('example.com/v1', 'Sprocket')).toBeUndefined();
    expect(crdSchemas({ dirs: [schemaDir], locations: [path.join(tmp, 'layout')] }).lookup('example.com/v1', 'Sprocket')).toBeTypeOf('function');
  });

  it('a malformed schema file is an error that names the file', () => {
    const src = crdSchemas({ dirs: [path.join(tmp, 'broken')] });
    expect(() => src.lookup('example.com/v1', 'Gadget')).toThrow(/gadget_v1\.json.*not valid JSON/);
    expect(() => src.lookup('example.com/v1', 'Gizmo')).toThrow(/gizmo_v1\.json does not compile/);
  });

  describe('over http', () => {
    let server: Server;
    let base: string;
    let hits = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits++;
        if (req.url === '/schemas/example.com/widget_v1.json') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(widgetSchema));
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schemas`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('prepare() fetches once into the cache, then lookup() is synchronous', async () => {
      const options = { dirs: [schemaDir], locations: [`${base}/{group}/{kind}_{version}.json`], cacheDir: path.join(tmp, 'http-cache') };
      const src = crdSchemas(options);
      expect(src.lookup('example.com/v1', 'Widget')).toBeUndefined();
      await src.prepare([
        { apiVersion: 'example.com/v1', kind: 'Widget' },
        { apiVersion: 'example.com/v1', kind: 'Nothing' },
        { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster' }, // the project has it: not fetched
      ]);
      expect(hits).toBe(2);
      const validate = src.lookup('example.com/v1', 'Widget');
      expect(validate).toBeTypeOf('function');
      expect(short(validate!(widget({})))).toEqual(['conformance spec.size']);
      expect(src.lookup('example.com/v1', 'Nothing')).toBeUndefined();
      // a second run reads the cache
      const again = crdSchemas(options);
      await again.prepare([{ apiVersion: 'example.com/v1', kind: 'Widget' }]);
      expect(hits).toBe(2);
      expect(again.lookup('example.com/v1', 'Widget')).toBeTypeOf('function');
    });

    it('a base URL in kubeconform layout works too', async () => {
      const src = crdSchemas({ dirs: [schemaDir], locations: [base], cacheDir: path.join(tmp, 'http-cache-2') });
      await src.prepare([{ apiVersion: 'example.com/v1', kind: 'Widget' }]);
      expect(src.lookup('example.com/v1', 'Widget')).toBeTypeOf('function');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-check against the upstream CRD schemas (reference data, not part of the project).

describe.skipIf(!existsSync(refDir))('cross-check with upstream CRD schemas', () => {
  const compiled = new Map<string, ((o: unknown) => boolean) & { errors?: unknown }>();
  const upstream = (doc: { apiVersion: string; kind: string }, tighten: boolean): ((o: unknown) => boolean) & { errors?: unknown } => {
    const [group, version] = doc.apiVersion.split('/');
    const file = path.join(refDir, group!, `${doc.kind.toLowerCase()}_${version}.json`);
    const key = `${file}:${tighten}`;
    const hit = compiled.get(key);
    if (hit) return hit;
    const schema = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const prepare = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(prepare);
      if (typeof node !== 'object' || node === null) return node;
      const out: Obj = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === 'pattern' && typeof v === 'string' && !compiles(v)) continue; // Go-only regex syntax
        out[k] = k === 'enum' || k === 'default' ? v : prepare(v);
      }
      if (tighten && out['properties'] && out['additionalProperties'] === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
        out['additionalProperties'] = false;
      }
      return out;
    };
    const ajv = new AjvDraft7.default({ allErrors: true, strict: false, logger: false });
    const validate = ajv.compile(prepare(schema) as Obj);
    compiled.set(key, validate);
    return validate;
  };

  // the project's own ClusterDescription has no upstream
  const withUpstream = valid.filter((d) => !d.apiVersion.startsWith('his.zarishsphere.com/'));

  it.each(withUpstream.map((d) => [`${d.file}: ${d.kind} ${d.apiVersion}`, d] as const))('upstream accepts %s', (_name, doc) => {
    const validate = upstream(doc, false);
    const ok = validate(doc.object);
    expect(ok ? [] : validate.errors).toEqual([]);
  });

  it.each([['cnpg-misspelled.yaml'], ['redis-unknown-field.yaml']])('upstream (strict) rejects %s for the same fields', (file) => {
    const [doc] = readDocs(path.join(fixtures, 'invalid', file));
    const validate = upstream(doc!, true);
    expect(validate(doc!.object)).toBe(false);
    const unknown = ((validate.errors ?? []) as { keyword: string; params: { additionalProperty?: string } }[])
      .filter((e) => e.keyword === 'additionalProperty' || e.keyword === 'additionalProperties')
      .map((e) => e.params.additionalProperty);
    const ours = source.lookup(doc!.apiVersion, doc!.kind)!(doc!.object).filter((i) => i.kind === 'unknown-field').map((i) => String(i.path.at(-1)));
    expect(unknown.sort()).toEqual(ours.sort());
  });

  it.each([['cnpg-wrong-type.yaml'], ['cnpg-missing-required.yaml'], ['cnpg-pooler-enum.yaml']])('upstream also rejects %s', (file) => {
    const [doc] = readDocs(path.join(fixtures, 'invalid', file));
    expect(upstream(doc!, false)(doc!.object)).toBe(false);
  });
});

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
