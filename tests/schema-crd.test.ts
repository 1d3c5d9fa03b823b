import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { crdSchemas } from '../scripts/lib/schema/crd.js';
import { nearest } from '../scripts/lib/suggest.js';
import { importedCrdSchemas } from '../scripts/lib/schema/crd-imported.js';
import { importCrds } from '../scripts/lib/schema/import.js';
import { clusterCrds, importedReleases, operatorPins, supportedKafkaVersions } from '../scripts/lib/operators.js';
import { loadClusters } from '../scripts/lib/clusters.js';
import { formatPath } from '../scripts/lib/findings.js';
import type { SchemaIssue, SchemaSource } from '../scripts/lib/schema/types.js';
import { validate } from '../scripts/lib/validate/run.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const schemaDir = path.join(repo, 'schemas');
const fixtures = path.join(repo, 'tests', 'fixtures', 'schema-crd');
const referenceCrds = path.resolve(repo, '../shared/reference/operator-crds');

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
    .map((object) => ({
      file: path.basename(file),
      object,
      apiVersion: String(object['apiVersion']),
      kind: String(object['kind']),
    }));
}

function docsIn(dir: string): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => readDocs(path.join(dir, f)));
}

const short = (issues: readonly SchemaIssue[]): string[] => issues.map((i) => `${i.kind} ${formatPath(i.path)}`).sort();

/** The imported CRDs (the repo's pins), then the project's own schemas/ (ClusterDescription). */
const imported = importedCrdSchemas(repo);
const project = crdSchemas({ dirs: [schemaDir] });
const source: SchemaSource = {
  name: 'test',
  lookup: (apiVersion, kind, scope) =>
    imported.lookup(apiVersion, kind, scope) ?? project.lookup(apiVersion, kind, scope),
};

/** Every CRD imported under schemas/crds: kind, group, the served versions. */
function importedKinds(): { operator: string; kind: string; group: string; versions: string[] }[] {
  return importedReleases(repo).flatMap(({ operator, version }) =>
    readdirSync(path.join(repo, 'schemas/crds', operator, version))
      .filter((f) => f.endsWith('.yaml') && f !== 'source.yaml' && f !== 'kafka-versions.yaml')
      .map((f) => {
        const crd = parse(readFileSync(path.join(repo, 'schemas/crds', operator, version, f), 'utf8')) as {
          spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] };
        };
        return {
          operator,
          kind: crd.spec.names.kind,
          group: crd.spec.group,
          versions: crd.spec.versions.filter((v) => v.served).map((v) => v.name),
        };
      }),
  );
}

describe('operator pins and imported CRDs (schemas/crds)', () => {
  it(
    'every cluster pins the eight operators (Argo CD on the cluster that ' + 'hosts it), and each pin is imported',
    async () => {
      const pins = await operatorPins(repo);
      expect([...pins.keys()].sort()).toEqual(['chittagong', 'dhaka']);
      const expected = [
        'cert-manager 1.21.1',
        'cloudnative-pg 1.30.0',
        'external-secrets 2.9.0',
        'plugin-barman-cloud 0.14.0',
        'prometheus-operator 0.93.0',
        'redis-operator 0.26.0',
        'strimzi 1.2.0',
      ];
      for (const cluster of await loadClusters(repo)) {
        expect(
          pins.get(cluster.name)!.map((p) => `${p.operator} ${p.version}`),
          cluster.name,
        ).toEqual(cluster.hostsArgoCD ? ['argo-cd 3.4.7', ...expected] : expected);
      }
      const imported = importedReleases(repo).map((r) => `${r.operator} ${r.version}`);
      for (const list of pins.values()) for (const p of list) expect(imported).toContain(`${p.operator} ${p.version}`);
    },
  );

  it('clusterCrds() gives the CRD documents a cluster installs (Argo CD CRDs where it runs)', async () => {
    for (const cluster of await loadClusters(repo)) {
      const names = (await clusterCrds(repo, cluster.name)).map((c) => String((c.object.metadata as Obj).name));
      expect(names).toContain('kafkas.kafka.strimzi.io');
      expect(names.includes('applicationsets.argoproj.io'), cluster.name).toBe(cluster.hostsArgoCD);
      expect(names.length, cluster.name).toBe(cluster.hostsArgoCD ? 22 : 19);
    }
  });

  it('each folder records operator, version and origin; Strimzi keeps its Kafka versions', () => {
    for (const { operator, version } of importedReleases(repo)) {
      const recorded = parse(
        readFileSync(path.join(repo, 'schemas/crds', operator, version, 'source.yaml'), 'utf8'),
      ) as Obj;
      expect(recorded).toMatchObject({ operator, version });
      expect((recorded.files as unknown[]).length).toBeGreaterThan(0);
    }
    expect(supportedKafkaVersions(repo, '1.2.0')).toEqual({
      supported: ['4.2.0', '4.2.1', '4.3.0', '4.3.1'],
      default: '4.3.1',
    });
  });

  it.skipIf(!existsSync(referenceCrds))(
    'the import equals ../shared/reference/operator-crds without prose (descriptions only dropped)',
    () => {
      const strip = (node: unknown, inProperties = false): unknown => {
        if (Array.isArray(node)) return node.map((n) => strip(n));
        if (typeof node !== 'object' || node === null) return node;
        return Object.fromEntries(
          Object.entries(node)
            .filter(([k, v]) => inProperties || !(k === 'description' && typeof v === 'string'))
            .map(([k, v]) => [
              k,
              inProperties
                ? strip(v)
                : k === 'properties'
                  ? strip(v, true)
                  : ['enum', 'default', 'example', 'x-kubernetes-validations'].includes(k)
                    ? v
                    : strip(v),
            ]),
        );
      };
      let compared = 0;
      for (const folder of readdirSync(referenceCrds).filter((f) => /-\d/.test(f))) {
        const [, operator, version] = /^(.*?)-(\d.*)$/.exec(folder)!;
        for (const file of readdirSync(path.join(referenceCrds, folder)).filter(
          (f) => f.endsWith('.yaml') && f !== 'kafka-versions.yaml',
        )) {
          for (const crd of parseAllDocuments(readFileSync(path.join(referenceCrds, folder, file), 'utf8')).map(
            (d) => d.toJS() as Obj,
          )) {
            const name = String((crd.metadata as Obj).name);
            const ours = parse(
              readFileSync(path.join(repo, 'schemas/crds', operator!, version!, `${name}.yaml`), 'utf8'),
            ) as Obj;
            expect((ours.spec as Obj).versions, name).toEqual(strip((crd.spec as Obj).versions));
            compared++;
          }
        }
      }
      expect(compared).toBe(22);
    },
  );
});

describe('npm run schemas -- --import', () => {
  let tmp: string;
  const crd = (kind: string, versions: Obj[]): Obj => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${kind.toLowerCase()}s.example.com`,
      annotations: { 'controller-gen.kubebuilder.io/version': 'v0.19.0' },
    },
    spec: {
      group: 'example.com',
      names: { kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope: 'Namespaced',
      versions,
    },
  });
  const version = (name: string, spec: Obj, extra: Obj = {}): Obj => ({
    name,
    served: true,
    storage: true,
    schema: {
      openAPIV3Schema: {
        type: 'object',
        description: 'prose',
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec },
      },
    },
    ...extra,
  });

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'schema-import-'));
    mkdirSync(path.join(tmp, 'release'));
    // a release bundle: two CRDs in one file, a Deployment that is not a CRD
    writeFileSync(
      path.join(tmp, 'release', 'bundle.yaml'),
      [
        crd('Widget', [
          version('v1', {
            type: 'object',
            properties: { description: { type: 'string', description: 'a field named description stays' } },
          }),
        ]),
        crd('Gadget', [version('v1', { type: 'object' })]),
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'operator' } },
      ]
        .map((d) => stringify(d))
        .join('---\n'),
    );
    writeFileSync(path.join(tmp, 'broken.yaml'), 'kind: [');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes one CRD per file without prose, a source.yaml, and skips what is not a CRD', async () => {
    const root = path.join(tmp, 'repo');
    const [release] = await importCrds({
      root,
      from: path.join(tmp, 'release'),
      operator: 'example',
      version: '1.0.0',
    });
    expect(release).toMatchObject({
      operator: 'example',
      version: '1.0.0',
      dir: 'schemas/crds/example/1.0.0',
      crds: ['gadgets.example.com', 'widgets.example.com'],
      skipped: 1,
    });
    const dir = path.join(root, 'schemas/crds/example/1.0.0');
    expect(readdirSync(dir).sort()).toEqual(['gadgets.example.com.yaml', 'source.yaml', 'widgets.example.com.yaml']);
    const widget = parse(readFileSync(path.join(dir, 'widgets.example.com.yaml'), 'utf8')) as {
      spec: { versions: { schema: { openAPIV3Schema: Obj } }[] };
    };
    const schema = widget.spec.versions[0]!.schema.openAPIV3Schema;
    expect(schema.description).toBeUndefined();
    expect(((schema.properties as Obj).spec as { properties: Obj }).properties.description).toEqual({ type: 'string' });
    expect(parse(readFileSync(path.join(dir, 'source.yaml'), 'utf8'))).toMatchObject({
      operator: 'example',
      version: '1.0.0',
    });
    // a second import replaces the folder whole
    writeFileSync(path.join(dir, 'stale.yaml'), 'x: 1');
    await importCrds({ root, from: path.join(tmp, 'release'), operator: 'example', version: '1.0.0' });
    expect(readdirSync(dir)).not.toContain('stale.yaml');
    expect(readdirSync(path.dirname(dir))).toEqual(['1.0.0']); // no temporary folders left
  });

  it('refuses, in one line naming the input, what it cannot import; nothing is written', async () => {
    const root = path.join(tmp, 'repo2');
    await expect(
      importCrds({ root, from: path.join(tmp, 'broken.yaml'), operator: 'example', version: '1.0.0' }),
    ).rejects.toThrow(/broken\.yaml: .*expected YAML CustomResourceDefinitions/);
    await expect(importCrds({ root, from: path.join(tmp, 'release') })).rejects.toThrow(
      /cannot tell the operator and version/,
    );
    await expect(importCrds({ root, from: path.join(tmp, 'nope') })).rejects.toThrow(/nope: no such file or folder/);
    await expect(
      importCrds({ root, from: path.join(tmp, 'release'), operator: 'Example', version: '1.0.0' }),
    ).rejects.toThrow(/not an operator name/);
    expect(existsSync(path.join(root, 'schemas'))).toBe(false);
  });
});

describe('custom resources against the real CRDs', () => {
  const valid = docsIn(path.join(fixtures, 'valid'));
  const current = docsIn(path.join(fixtures, 'current'));

  it.each(valid.map((d) => [`${d.file}: ${d.kind} ${d.apiVersion}`, d] as const))('valid: %s', (_name, doc) => {
    const validate = source.lookup(doc.apiVersion, doc.kind);
    expect(validate, 'schema found').toBeTypeOf('function');
    expect(validate!(doc.object)).toEqual([]);
  });

  // Fields of current releases: for CloudNativePG Cluster and Pooler, ObjectStore, Strimzi Kafka and
  // KafkaUser (v1), RedisCluster, ExternalSecret, SecretStore, ClusterSecretStore and Certificate the
  // hand-written schemas this replaces rejected these resources; for the others (Argo CD, Issuers,
  // Backup, ScheduledBackup, KafkaNodePool, KafkaTopic, prometheus-operator) no field of the real CRD
  // was missing from them.
  it('every imported CRD has a resource of its current release that validates', () => {
    const covered = new Set(current.map((d) => `${d.apiVersion} ${d.kind}`));
    const missing = importedKinds()
      .filter((k) => !k.versions.some((v) => covered.has(`${k.group}/${v} ${k.kind}`)))
      .map((k) => k.kind);
    expect(missing).toEqual([]);
  });

  it.each(current.map((d) => [`${d.file}: ${d.kind}`, d] as const))('current release: %s', (_name, doc) => {
    expect(source.lookup(doc.apiVersion, doc.kind, { cluster: 'dhaka' })!(doc.object)).toEqual([]);
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
      [
        'conformance spec.environments',
        'conformance spec.kubernetesVersion',
        'conformance spec.role',
        'conformance spec.server',
      ],
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
    expect(byPath('cnpg-wrong-type.yaml').get('spec.instances')).toBe(
      'Cluster.spec.instances: expected integer, found string "three"',
    );
    expect(byPath('cnpg-pooler-enum.yaml').get('spec.type')).toBe(
      'Pooler.spec.type: string "rww" is not allowed (allowed: "rw", "ro", "r")',
    );
    expect(byPath('cnpg-missing-required.yaml').get('spec.schedule')).toBe(
      'missing required field "schedule" in ScheduledBackup.spec',
    );
    expect(byPath('cluster-description-bad.yaml').get('spec.kubernetesVersion')).toMatch(
      /expected string, found number 1\.3/,
    );
    expect(byPath('redis-unknown-field.yaml').get('spec.storage.type')).toMatch(
      /expected one of: .*volumeClaimTemplate/,
    );
  });

  it(
    'what the API server silently drops is an unknown field: RedisCluster ' +
      'securityContext, Kafka listener authentication.secrets, unknown ' +
      'fields in Strimzi templates',
    () => {
      const redis = source.lookup('redis.redis.opstreelabs.in/v1beta2', 'RedisCluster')!;
      expect(
        short(
          redis({
            apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
            kind: 'RedisCluster',
            metadata: { name: 'r' },
            spec: { clusterSize: 3, kubernetesConfig: { image: 'redis:7' }, securityContext: { runAsUser: 1000 } },
          }),
        ),
      ).toEqual(['unknown-field spec.securityContext']);
      const kafka = source.lookup('kafka.strimzi.io/v1', 'Kafka')!;
      const issues = kafka({
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'Kafka',
        metadata: { name: 'k' },
        spec: {
          kafka: {
            version: '4.3.1',
            listeners: [
              { name: 'tls', port: 9093, type: 'internal', tls: true, authentication: { type: 'tls', secrets: [] } },
            ],
            template: { pod: { securityContxt: {} } },
          },
        },
      });
      expect(short(issues)).toEqual(
        [
          'unknown-field spec.kafka.listeners.0.authentication.secrets',
          'unknown-field spec.kafka.template.pod.securityContxt',
        ].map((s) => s.replace('.0.', '[0].')),
      );
    },
  );

  it('a seed-style manifest: the wrong API group has no schema; monitoring.enabled is unknown', () => {
    expect(source.lookup('redis.redis.opstreelabs.io/v1beta1', 'RedisCluster')).toBeUndefined();
    const validate = source.lookup('postgresql.cnpg.io/v1', 'Cluster')!;
    const issues = validate({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'x' },
      spec: { instances: 3, storage: { size: '1Gi' }, monitoring: { enabled: true } },
    });
    expect(short(issues)).toEqual(['unknown-field spec.monitoring.enabled']);
  });

  it('checks the root too: unknown top-level fields, required spec', () => {
    const validate = source.lookup('cert-manager.io/v1', 'Certificate')!;
    const typo = validate({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'x' },
      specs: {},
    });
    expect(short(typo)).toEqual(['conformance spec', 'unknown-field specs'].filter((s) => short(typo).includes(s)));
    expect(typo.find((i) => i.kind === 'unknown-field')!.message).toBe(
      'unknown field "specs" in Certificate (did you mean "spec"?)',
    );
  });

  it('one message for an int-or-string field, not one per alternative', () => {
    const validate = source.lookup('argoproj.io/v1alpha1', 'ApplicationSet')!;
    const doc = structuredClone(valid().find((d) => d.kind === 'ApplicationSet')!.object) as {
      spec: { strategy: { rollingSync: { steps: Obj[] } } };
    };
    doc.spec.strategy.rollingSync.steps[1]!['maxUpdate'] = true;
    const issues = validate(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['spec', 'strategy', 'rollingSync', 'steps', 1, 'maxUpdate']);
    expect(issues[0]!.message).toContain('expected integer or string, found boolean true');
  });

  it('CEL rules of the real CRDs: a violation names the rule, its message and field', () => {
    const validate = source.lookup('postgresql.cnpg.io/v1', 'Cluster')!;
    const base = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'x' } };
    const issues = validate({
      ...base,
      spec: {
        instances: 1,
        storage: { size: '1Gi' },
        imageName: 'pg:16',
        imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ImageCatalog', name: 'c', major: 16 },
      },
    });
    expect(issues.map((i) => `${i.kind} ${formatPath(i.path)}: ${i.message}`)).toEqual([
      'cel spec: Cluster.spec: imageName and imageCatalogRef are mutually ' +
        'exclusive (CRD validation rule: !(has(self.imageCatalogRef) && ' +
        'has(self.imageName)))',
    ]);
    // the rule's integers are CEL ints; a passing object passes
    expect(validate({ ...base, spec: { instances: 1, storage: { size: '1Gi' }, imageName: 'pg:16' } })).toEqual([]);
  });

  it('nearest() suggests only near misses', () => {
    expect(nearest('instancess', ['instances', 'imageName'])).toBe('instances');
    expect(nearest('StorageClass', ['storageClass', 'size'])).toBe('storageClass');
    expect(nearest('enabled', ['enablePodMonitor', 'tls'])).toBeUndefined();
  });
});

const valid = (): Doc[] => docsIn(path.join(fixtures, 'valid'));

describe('served, deprecated, CEL: a repo with an operator of its own', () => {
  let root: string;
  const rule = (r: string, extra: Obj = {}): Obj => ({ rule: r, ...extra });
  const widgetSpec = {
    type: 'object',
    'x-kubernetes-validations': [
      rule('self.replicas <= self.max', {
        message: 'replicas above max',
        fieldPath: '.replicas',
        reason: 'FieldValueForbidden',
      }),
      rule("self.name.startsWith('w-')", { messageExpression: "'name ' + self.name + ' must start with w-'" }),
      rule('self.size == oldSelf.size', { message: 'immutable' }),
      rule("quantity(self.memory).isGreaterThan(quantity('1Gi'))", { message: 'at least 1Gi' }),
    ],
    properties: {
      replicas: { type: 'integer' },
      max: { type: 'integer', default: 3 },
      name: { type: 'string' },
      size: { type: 'string' },
      memory: { type: 'string' },
      note: { type: 'string', nullable: true },
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, port: { type: 'integer' } },
        },
      },
      free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  const crdFile = (versions: Obj[]): string =>
    stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions },
    });
  const schema = {
    openAPIV3Schema: {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: widgetSpec,
      },
    },
  };
  const widget = (apiVersion: string, spec: Obj): Obj => ({
    apiVersion,
    kind: 'Widget',
    metadata: { name: 'w' },
    spec,
  });

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'schema-own-operator-'));
    mkdirSync(path.join(root, 'release'));
    writeFileSync(
      path.join(root, 'release', 'widgets.yaml'),
      crdFile([
        { name: 'v1', served: true, storage: true, schema },
        {
          name: 'v1beta1',
          served: true,
          storage: false,
          deprecated: true,
          deprecationWarning: 'example.com/v1beta1 Widget is deprecated; use example.com/v1',
          schema,
        },
        { name: 'v1alpha1', served: false, storage: false, schema },
      ]),
    );
    await importCrds({ root, from: path.join(root, 'release'), operator: 'widget-operator', version: '2.0.0' });
    mkdirSync(path.join(root, 'clusters', 'east'), { recursive: true });
    writeFileSync(
      path.join(root, 'clusters', 'east', 'cluster.yaml'),
      stringify({
        apiVersion: 'his.zarishsphere.com/v1alpha1',
        kind: 'ClusterDescription',
        metadata: { name: 'east' },
        spec: {
          region: 'east',
          role: 'primary',
          server: 'https://east:6443',
          kubernetesVersion: '1.35',
          environments: ['dev'],
          operators: { 'widget-operator': '2.0.0' },
        },
      }),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const lookup = (apiVersion: string): ((o: unknown) => SchemaIssue[]) =>
    importedCrdSchemas(root).lookup(apiVersion, 'Widget', { cluster: 'east' })!;
  const good = {
    replicas: 2,
    name: 'w-1',
    memory: '2Gi',
    size: 's',
    note: null,
    ports: [{ name: 'a', port: 1 }],
    free: { anything: { goes: 1 } },
    labels: { a: 'b' },
  };

  it(
    'a passing object: defaults applied before the rules, nulls of ' +
      'nullable fields kept, maps and preserved fields open',
    () => {
      expect(lookup('example.com/v1')(widget('example.com/v1', good)).filter((i) => i.kind !== 'cel-skipped')).toEqual(
        [],
      );
    },
  );

  it('served: false is an error naming the version to use', () => {
    expect(lookup('example.com/v1alpha1')(widget('example.com/v1alpha1', good))).toEqual([
      {
        kind: 'not-served',
        path: ['apiVersion'],
        message:
          'example.com/v1alpha1 Widget is not served by widget-operator 2.0.0 ' +
          '(pinned in clusters/east/cluster.yaml): use example.com/v1',
      },
    ]);
  });

  it('deprecated: the CRD deprecationWarning, and the object is still checked', () => {
    const issues = lookup('example.com/v1beta1')(widget('example.com/v1beta1', { ...good, extra: 1 }));
    expect(issues.find((i) => i.kind === 'deprecated')!.message).toBe(
      'example.com/v1beta1 Widget is deprecated; use example.com/v1 ' +
        '(widget-operator 2.0.0 (pinned in clusters/east/cluster.yaml); use ' +
        'example.com/v1)',
    );
    expect(short(issues.filter((i) => i.kind === 'unknown-field'))).toEqual(['unknown-field spec.extra']);
  });

  it(
    'CEL: message and fieldPath, messageExpression, transition rules ' +
      'skipped, unsupported functions reported as skipped',
    () => {
      const issues = lookup('example.com/v1')(widget('example.com/v1', { ...good, replicas: 5, name: 'x' }));
      expect(issues.filter((i) => i.kind === 'cel').map((i) => `${formatPath(i.path)}: ${i.message}`)).toEqual([
        'spec.replicas: Widget.spec: replicas above max [FieldValueForbidden] ' +
          '(CRD validation rule: self.replicas <= self.max)',
        "spec: Widget.spec: name x must start with w- (CRD validation rule: self.name.startsWith('w-'))",
      ]);
      const skipped = issues.filter((i) => i.kind === 'cel-skipped');
      expect(skipped).toHaveLength(1);
      expect(skipped[0]!.message).toMatch(/^CRD validation rule on Widget\.spec was not evaluated: .*quantity/);
      expect(issues.some((i) => i.message.includes('oldSelf'))).toBe(false);
    },
  );

  it(
    'list-type map keys are unique; null of a non-nullable field is ' +
      'dropped as the server does, so a rule reading it fails',
    () => {
      const issues = lookup('example.com/v1')(
        widget('example.com/v1', { ...good, replicas: null, ports: [{ name: 'a' }, { name: 'a', port: 2 }] }),
      );
      expect(issues.filter((i) => i.kind === 'conformance').map((i) => formatPath(i.path))).toEqual(['spec.ports[1]']);
      expect(issues.filter((i) => i.kind === 'cel').map((i) => i.message)).toEqual([
        'Widget.spec: rule could not be evaluated: field not found: replicas ' +
          '(the API server rejects the object too) [FieldValueForbidden] (CRD ' +
          'validation rule: self.replicas <= self.max)',
      ]);
    },
  );

  it('validate reports them as DEP-001, DEP-002, SCH-022 and SCH-023 (once per rule), at their lines', async () => {
    const file = path.join(root, 'widgets.yaml');
    writeFileSync(
      file,
      [
        widget('example.com/v1alpha1', good),
        widget('example.com/v1beta1', good),
        { ...widget('example.com/v1', { ...good, replicas: 9 }), metadata: { name: 'w2' } },
        { ...widget('example.com/v1', good), metadata: { name: 'w3' } },
      ]
        .map((d) => stringify(d))
        .join('---\n'),
    );
    const result = await validate({ root, paths: ['widgets.yaml'], cwd: root, groups: new Set(['schema']) });
    const got = result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resource?.name}:${f.line} ${f.path}`);
    expect(got.filter((g) => /^(DEP|SCH-02)/.test(g)).sort()).toEqual(
      [
        'DEP-001 error w:1 apiVersion',
        'DEP-002 warning w:20 apiVersion',
        'SCH-022 error w2:44 spec.replicas',
        'SCH-023 info w:24 spec',
      ].sort(),
    );
  });

  it('a cluster pinning a release that is not imported is a one-line error naming the pin', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'schema-missing-pin-'));
    try {
      mkdirSync(path.join(other, 'clusters', 'west'), { recursive: true });
      writeFileSync(
        path.join(other, 'clusters', 'west', 'cluster.yaml'),
        stringify({
          apiVersion: 'his.zarishsphere.com/v1alpha1',
          kind: 'ClusterDescription',
          metadata: { name: 'west' },
          spec: {
            region: 'west',
            role: 'primary',
            server: 'https://west:6443',
            kubernetesVersion: '1.35',
            environments: ['dev'],
            operators: { strimzi: '9.9.9' },
          },
        }),
      );
      writeFileSync(
        path.join(other, 'k.yaml'),
        stringify({ apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'k' }, spec: {} }),
      );
      await expect(
        validate({ root: other, paths: ['k.yaml'], cwd: other, groups: new Set(['schema']) }),
      ).rejects.toThrow(
        'clusters/west/cluster.yaml: operator strimzi is pinned at 9.9.9, but ' +
          'no CRDs are imported for it (expected schemas/crds/strimzi/9.9.9/; ' +
          'import them with npm run schemas -- --import DIR --operator strimzi ' +
          '--version 9.9.9)',
      );
      // the same cluster pinning an imported release validates
      await importCrds({ root: other, from: path.join(root, 'release'), operator: 'strimzi', version: '9.9.9' });
      await expect(
        validate({ root: other, paths: ['k.yaml'], cwd: other, groups: new Set(['schema']) }),
      ).resolves.toBeDefined();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
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
      spec: {
        type: 'object',
        properties: { size: { type: 'integer' } },
        required: ['size'],
        additionalProperties: false,
      },
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
    // a permissive ClusterDescription schema: must lose to the project's own
    mkdirSync(path.join(tmp, 'layout', 'his.zarishsphere.com'), { recursive: true });
    writeFileSync(
      path.join(tmp, 'layout', 'his.zarishsphere.com', 'clusterdescription_v1alpha1.json'),
      JSON.stringify({ type: 'object' }),
    );
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
    const issues = src.lookup('his.zarishsphere.com/v1alpha1', 'ClusterDescription')!({
      apiVersion: 'his.zarishsphere.com/v1alpha1',
      kind: 'ClusterDescription',
      metadata: { name: 'x' },
      spec: { regio: 'x', role: 'dr', server: 'https://x', kubernetesVersion: '1.35', environments: ['dr'] },
    });
    expect(short(issues)).toContain('unknown-field spec.regio');
    expect(src.lookup('example.com/v1', 'Sprocket')).toBeUndefined();
    writeFileSync(path.join(tmp, 'layout', 'example.com', 'sprocket_v1.json'), JSON.stringify(widgetSchema));
    expect(src.lookup('example.com/v1', 'Sprocket')).toBeUndefined();
    expect(
      crdSchemas({ dirs: [schemaDir], locations: [path.join(tmp, 'layout')] }).lookup('example.com/v1', 'Sprocket'),
    ).toBeTypeOf('function');
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
      const options = {
        dirs: [schemaDir],
        locations: [`${base}/{group}/{kind}_{version}.json`],
        cacheDir: path.join(tmp, 'http-cache'),
      };
      const src = crdSchemas(options);
      expect(src.lookup('example.com/v1', 'Widget')).toBeUndefined();
      await src.prepare([
        { apiVersion: 'example.com/v1', kind: 'Widget' },
        { apiVersion: 'example.com/v1', kind: 'Nothing' },
        { apiVersion: 'his.zarishsphere.com/v1alpha1', kind: 'ClusterDescription' }, // the project has it: not fetched
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
