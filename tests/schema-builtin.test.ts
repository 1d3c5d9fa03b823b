import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatPath } from '../scripts/lib/findings.js';
import { builtinKinds, builtinSchemas, isClusterScopedBuiltin } from '../scripts/lib/schema/builtin.js';
import { BUILTIN_TABLE } from '../scripts/lib/schema/builtin-gvks.js';
import { REMOVED_APIS, removedApi } from '../scripts/lib/schema/removed.js';
import type { SchemaIssue } from '../scripts/lib/schema/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, 'fixtures', 'schema-builtin');
const source = builtinSchemas();

interface Doc {
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
}

function load(file: string): Doc[] {
  return parseAllDocuments(readFileSync(path.join(FIXTURES, file), 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null)
    .map((object) => ({ apiVersion: String(object.apiVersion), kind: String(object.kind), object }));
}

function validate(doc: Doc): SchemaIssue[] {
  const validator = source.lookup(doc.apiVersion, doc.kind);
  if (!validator) throw new Error(`no built-in schema for ${doc.apiVersion} ${doc.kind}`);
  return validator(doc.object);
}

const brief = (issues: readonly SchemaIssue[]): string[] => issues.map((i) => `${i.kind} ${formatPath(i.path)}`).sort();

function only(file: string): { doc: Doc; issues: SchemaIssue[] } {
  const [doc, ...rest] = load(file);
  if (!doc || rest.length) throw new Error(`${file}: expected exactly one document`);
  return { doc, issues: validate(doc) };
}

function messageAt(issues: readonly SchemaIssue[], at: string): string {
  const issue = issues.find((i) => formatPath(i.path) === at);
  if (!issue) throw new Error(`no issue at ${at}: ${JSON.stringify(issues)}`);
  return issue.message;
}

describe('builtinSchemas: valid manifests', () => {
  for (const doc of load('valid.yaml')) {
    it(`${doc.apiVersion} ${doc.kind} passes with no issues`, () => {
      expect(validate(doc)).toEqual([]);
    });
  }
});

describe('builtinSchemas: fixtures with expected issues', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml') && f !== 'valid.yaml');
  for (const file of files) {
    it(`${file}: reports exactly the # expect: lines`, () => {
      const expected = [...readFileSync(path.join(FIXTURES, file), 'utf8').matchAll(/^# expect: (\S+) (\S+)$/gm)]
        .map((m) => `${m[1]} ${m[2]}`)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(brief(only(file).issues)).toEqual(expected);
    });
  }
});

describe('builtinSchemas: messages say what was found and what was expected', () => {
  it('suggests the declared name for a typo', () => {
    const { issues } = only('unknown-fields.yaml');
    expect(messageAt(issues, 'spec.template.spec.containers[0].imagePullPolicyy')).toBe(
      'unknown field "imagePullPolicyy" in Container (did you mean "imagePullPolicy"?)',
    );
    expect(messageAt(issues, 'spec.replica')).toBe(
      'unknown field "replica" in DeploymentSpec (did you mean "replicas"?)',
    );
    expect(messageAt(issues, 'spce')).toContain('did you mean "spec"?');
    expect(messageAt(issues, 'metadata.lables')).toBe('unknown field "lables" in ObjectMeta (did you mean "labels"?)');
    expect(messageAt(issues, 'spec.template.spec.containers[0].ports[1].protocl')).toContain(
      'in ContainerPort (did you mean "protocol"?)',
    );
  });

  it('points a field at the wrong level to where it belongs', () => {
    const { issues } = only('unknown-fields.yaml');
    expect(messageAt(issues, 'spec.template.spec.livenessProbe')).toBe(
      'unknown field "livenessProbe" in PodSpec (it is declared deeper, at containers[].livenessProbe)',
    );
  });

  it('lists the declared fields when nothing is close', () => {
    const issues = validate({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, zzzzzz: 1 },
    });
    expect(brief(issues)).toEqual(['unknown-field zzzzzz']);
    expect(issues[0]?.message).toBe(
      'unknown field "zzzzzz" in ConfigMap (expected one of: apiVersion, binaryData, data, immutable, kind, metadata)',
    );
  });

  it('names type, required and enum problems', () => {
    const { issues } = only('wrong-types.yaml');
    expect(messageAt(issues, 'spec.replicas')).toBe('spec.replicas: expected an integer, found string "3"');
    expect(messageAt(issues, 'spec.template.spec')).toBe('spec.template.spec: missing required field "containers"');
    expect(messageAt(issues, 'spec.template.spec.initContainers[0].imagePullPolicy')).toBe(
      'spec.template.spec.initContainers[0].imagePullPolicy: "Sometimes" is not one of Always, IfNotPresent, Never',
    );
  });

  it('explains int-or-string and quantity failures as one issue each', () => {
    const service = only('service-invalid.yaml').issues;
    expect(messageAt(service, 'spec.type')).toContain(
      '"Foo" is not one of ClusterIP, ExternalName, LoadBalancer, NodePort',
    );
    expect(messageAt(service, 'spec.ports[1].targetPort')).toBe(
      'spec.ports[1].targetPort: expected an integer or a string (int-or-string), found boolean true',
    );
    const pod = only('quantity-invalid.yaml').issues;
    expect(messageAt(pod, 'spec.containers[0].resources.limits.cpu')).toContain('expected a quantity');
    expect(messageAt(pod, 'spec.containers[0].resources.limits.cpu')).toContain('found boolean true');
    expect(messageAt(pod, 'spec.containers[0].resources.requests.memory')).toContain(
      'string "1 gigabyte" is not a quantity',
    );
  });
});

describe('builtinSchemas: conformance details', () => {
  const deployment = (spec: Record<string, unknown>): Doc => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } },
    },
  });

  it('accepts targetPort as an integer or a name', () => {
    for (const targetPort of [8080, 'http']) {
      const object = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports: [{ port: 80, targetPort }] },
      };
      expect(validate({ apiVersion: 'v1', kind: 'Service', object })).toEqual([]);
    }
  });

  it('accepts quantities as "500m", 1 and "1Gi", rejects a boolean', () => {
    for (const cpu of ['500m', 1, '1Gi', 0.25]) {
      expect(validate(deployment({ containers: [{ name: 'c', image: 'i', resources: { limits: { cpu } } }] }))).toEqual(
        [],
      );
    }
    const issues = validate(
      deployment({ containers: [{ name: 'c', image: 'i', resources: { requests: { memory: false } } }] }),
    );
    expect(brief(issues)).toEqual(['conformance spec.template.spec.containers[0].resources.requests.memory']);
  });

  it('accepts explicit null for optional fields', () => {
    expect(
      validate(
        deployment({
          containers: [{ name: 'c', image: 'i', env: null, resources: null, securityContext: null }],
          affinity: null,
          tolerations: null,
        }),
      ),
    ).toEqual([]);
  });

  it('reports a missing container name', () => {
    expect(brief(validate(deployment({ containers: [{ image: 'i' }] })))).toEqual([
      'conformance spec.template.spec.containers[0]',
    ]);
  });

  it('checks nested JSON schemas in a CustomResourceDefinition for unknown keywords', () => {
    const crd = load('valid.yaml').find((d) => d.kind === 'CustomResourceDefinition');
    if (!crd) throw new Error('valid.yaml has no CustomResourceDefinition');
    const object = structuredClone(crd.object) as {
      spec: {
        versions: {
          schema: {
            openAPIV3Schema: { properties: { spec: { properties: Record<string, Record<string, unknown>> } } };
          };
        }[];
      };
    };
    const props = object.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties;
    props.tags!.items = { typ: 'string' };
    props.size!.maximun = 10;
    expect(brief(validate({ ...crd, object: object as unknown as Record<string, unknown> }))).toEqual([
      'unknown-field spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.maximun',
      'unknown-field spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.tags.items.typ',
    ]);
  });

  it('does not check map values of string type or free-form fields', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { anything: 'goes' }, annotations: { 'a/b': 'c' } },
      data: { whatever: 'x' },
    };
    expect(validate({ apiVersion: 'v1', kind: 'ConfigMap', object })).toEqual([]);
  });
});

describe('builtinSchemas: lookup', () => {
  it('knows the built-in kinds, including prefixed client-node models', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Event'],
      ['events.k8s.io/v1', 'Event'],
      ['autoscaling/v1', 'HorizontalPodAutoscaler'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
      ['coordination.k8s.io/v1', 'Lease'],
      ['discovery.k8s.io/v1', 'EndpointSlice'],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
      ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'],
    ] as const) {
      expect(source.lookup(apiVersion, kind), `${apiVersion} ${kind}`).toBeTypeOf('function');
    }
  });

  it('checks unknown fields in events.k8s.io/v1 Event against its own model', () => {
    const object = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e' },
      eventTime: '2024-01-01T00:00:00.000000Z',
      note: 'x',
      involvedObject: {},
    };
    expect(brief(validate({ apiVersion: 'events.k8s.io/v1', kind: 'Event', object }))).toEqual([
      'unknown-field involvedObject',
    ]);
  });

  it('answers undefined for unknown kinds and for apiVersions no modern Kubernetes serves', () => {
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deploymnet'],
      ['extensions/v1beta1', 'Deployment'],
      ['extensions/v1beta1', 'Ingress'],
      ['apps/v1beta2', 'StatefulSet'],
      ['policy/v1beta1', 'PodDisruptionBudget'],
      ['policy/v1beta1', 'PodSecurityPolicy'],
      ['autoscaling/v2beta2', 'HorizontalPodAutoscaler'],
      ['batch/v1beta1', 'CronJob'],
      ['example.com/v1', 'Widget'],
    ] as const) {
      expect(source.lookup(apiVersion, kind), `${apiVersion} ${kind}`).toBeUndefined();
    }
  });

  it('never serves a GVK that removedApi already reports at 1.27', () => {
    for (const [apiVersion, rows] of Object.entries(BUILTIN_TABLE)) {
      for (const [kind] of rows) expect(removedApi(apiVersion, kind, '1.27'), `${apiVersion} ${kind}`).toBeUndefined();
    }
  });
});

describe('builtinKinds / isClusterScopedBuiltin', () => {
  const kinds = builtinKinds();
  const find = (apiVersion: string, kind: string) => kinds.find((k) => k.apiVersion === apiVersion && k.kind === kind);

  it('lists the built-in kinds with their scope', () => {
    expect(find('apps/v1', 'Deployment')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true });
    expect(find('v1', 'Namespace')?.namespaced).toBe(false);
    expect(find('rbac.authorization.k8s.io/v1', 'ClusterRole')?.namespaced).toBe(false);
    expect(find('rbac.authorization.k8s.io/v1', 'RoleBinding')?.namespaced).toBe(true);
    expect(find('apps/v1', 'DeploymentList')).toBeUndefined();
    for (const k of kinds)
      expect(source.lookup(k.apiVersion, k.kind), `${k.apiVersion} ${k.kind}`).toBeTypeOf('function');
  });

  it('knows the cluster-scoped kinds', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Namespace'],
      ['v1', 'Node'],
      ['v1', 'PersistentVolume'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['storage.k8s.io/v1', 'CSIDriver'],
      ['storage.k8s.io/v1', 'VolumeAttachment'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
      ['networking.k8s.io/v1', 'IngressClass'],
      ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
      ['apiregistration.k8s.io/v1', 'APIService'],
      ['node.k8s.io/v1', 'RuntimeClass'],
      ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
      ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'],
      ['policy/v1beta1', 'PodSecurityPolicy'],
    ] as const) {
      expect(isClusterScopedBuiltin(apiVersion, kind), `${apiVersion} ${kind}`).toBe(true);
    }
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['v1', 'ServiceAccount'],
      ['storage.k8s.io/v1', 'CSIStorageCapacity'],
      ['example.com/v1', 'Namespace'],
    ] as const) {
      expect(isClusterScopedBuiltin(apiVersion, kind), `${apiVersion} ${kind}`).toBe(false);
    }
  });
});

describe('builtin-gvks.ts matches the installed packages', () => {
  const require = createRequire(import.meta.url);
  const km = path.dirname(require.resolve('kubernetes-models'));
  const models = path.join(path.dirname(require.resolve('@kubernetes/client-node/dist/gen/models/V1Pod.js')));

  /** apiVersion|kind → schema module, read off kubernetes-models' per-kind classes. */
  function derive(): Map<string, string> {
    const out = new Map<string, string>();
    const dirs = readdirSync(km)
      .filter((g) => !g.startsWith('_') && statSync(path.join(km, g)).isDirectory())
      .flatMap((g) =>
        g === 'v1'
          ? [path.join(km, g)]
          : readdirSync(path.join(km, g))
              .map((v) => path.join(km, g, v))
              .filter((d) => statSync(d).isDirectory()),
      );
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'index.js')) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const gvk = /\.apiVersion="([^"]+)",\w+\.kind="([^"]+)"/.exec(text);
        const schema = /_schemas\/(\w+)\.js/.exec(text);
        if (gvk && schema) out.set(`${gvk[1]}|${gvk[2]}`, schema[1]!);
      }
    }
    return out;
  }

  it('every row names the schema kubernetes-models uses and an existing client-node root model', () => {
    const derived = derive();
    for (const [apiVersion, rows] of Object.entries(BUILTIN_TABLE)) {
      for (const [kind, schema, model] of rows) {
        expect(derived.get(`${apiVersion}|${kind}`), `${apiVersion} ${kind}`).toBe(schema);
        if (model === undefined) continue;
        const version = apiVersion.split('/').pop() ?? '';
        expect(model, `${apiVersion} ${kind}`).toMatch(
          new RegExp(`^(?:[A-Z][a-z]+)?${version[0]!.toUpperCase()}${version.slice(1)}${kind}$`),
        );
        expect(existsSync(path.join(models, `${model}.js`)), model).toBe(true);
      }
    }
  });

  it('covers every GA kind kubernetes-models ships', () => {
    const table = new Set(
      Object.entries(BUILTIN_TABLE).flatMap(([apiVersion, rows]) => rows.map(([kind]) => `${apiVersion}|${kind}`)),
    );
    const missing = [...derive().keys()].filter((k) => /^(?:[^/|]+\/)?v\d+\|/.test(k) && !table.has(k));
    expect(missing).toEqual([]);
  });

  it('only flowcontrol v1beta2 lacks a client-node model (conformance only)', () => {
    const without = Object.entries(BUILTIN_TABLE).flatMap(([apiVersion, rows]) =>
      rows.filter(([, , model]) => !model).map(([kind]) => `${apiVersion} ${kind}`),
    );
    expect(without.every((k) => k.startsWith('flowcontrol.apiserver.k8s.io/v1beta2 '))).toBe(true);
  });
});

describe('removedApi', () => {
  /** CHECKS.md §2, every removal up to and including 1.28: [removedIn, apiVersion, kind, replacement starts with]. */
  const EXPECTED: readonly (readonly [string, string, string, string])[] = [
    ...['Deployment', 'DaemonSet', 'ReplicaSet'].map(
      (k) => ['1.16', 'extensions/v1beta1', k, `apps/v1 ${k} (available since 1.9)`] as const,
    ),
    ['1.16', 'extensions/v1beta1', 'NetworkPolicy', 'networking.k8s.io/v1 NetworkPolicy (available since 1.8)'],
    ['1.16', 'extensions/v1beta1', 'PodSecurityPolicy', 'Pod Security Admission'],
    ...['Deployment', 'StatefulSet', 'ReplicaSet'].map(
      (k) => ['1.16', 'apps/v1beta1', k, `apps/v1 ${k} (available since 1.9)`] as const,
    ),
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map(
      (k) => ['1.16', 'apps/v1beta2', k, `apps/v1 ${k} (available since 1.9)`] as const,
    ),
    ['1.17', 'scheduling.k8s.io/v1alpha1', 'PriorityClass', 'scheduling.k8s.io/v1 PriorityClass'],
    ...['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].map(
      (k) =>
        [
          '1.22',
          'admissionregistration.k8s.io/v1beta1',
          k,
          `admissionregistration.k8s.io/v1 ${k} (available since 1.16)`,
        ] as const,
    ),
    [
      '1.22',
      'apiextensions.k8s.io/v1beta1',
      'CustomResourceDefinition',
      'apiextensions.k8s.io/v1 CustomResourceDefinition (available since 1.16)',
    ],
    [
      '1.22',
      'apiregistration.k8s.io/v1beta1',
      'APIService',
      'apiregistration.k8s.io/v1 APIService (available since 1.10)',
    ],
    [
      '1.22',
      'authentication.k8s.io/v1beta1',
      'TokenReview',
      'authentication.k8s.io/v1 TokenReview (available since 1.6)',
    ],
    ...['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'].map(
      (k) => ['1.22', 'authorization.k8s.io/v1beta1', k, `authorization.k8s.io/v1 ${k} (available since 1.6)`] as const,
    ),
    [
      '1.22',
      'certificates.k8s.io/v1beta1',
      'CertificateSigningRequest',
      'certificates.k8s.io/v1 CertificateSigningRequest (available since 1.19)',
    ],
    ['1.22', 'coordination.k8s.io/v1beta1', 'Lease', 'coordination.k8s.io/v1 Lease (available since 1.14)'],
    ['1.22', 'extensions/v1beta1', 'Ingress', 'networking.k8s.io/v1 Ingress (available since 1.19)'],
    ['1.22', 'networking.k8s.io/v1beta1', 'Ingress', 'networking.k8s.io/v1 Ingress (available since 1.19)'],
    ['1.22', 'networking.k8s.io/v1beta1', 'IngressClass', 'networking.k8s.io/v1 IngressClass (available since 1.19)'],
    ...['v1beta1', 'v1alpha1'].flatMap((v) =>
      ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].map(
        (k) => ['1.22', `rbac.authorization.k8s.io/${v}`, k, `rbac.authorization.k8s.io/v1 ${k}`] as const,
      ),
    ),
    ['1.22', 'scheduling.k8s.io/v1beta1', 'PriorityClass', 'scheduling.k8s.io/v1 PriorityClass (available since 1.14)'],
    ['1.22', 'storage.k8s.io/v1beta1', 'CSIDriver', 'storage.k8s.io/v1 CSIDriver (available since 1.19)'],
    ['1.22', 'storage.k8s.io/v1beta1', 'CSINode', 'storage.k8s.io/v1 CSINode (available since 1.17)'],
    ['1.22', 'storage.k8s.io/v1beta1', 'StorageClass', 'storage.k8s.io/v1 StorageClass (available since 1.6)'],
    ['1.22', 'storage.k8s.io/v1beta1', 'VolumeAttachment', 'storage.k8s.io/v1 VolumeAttachment (available since 1.13)'],
    ['1.25', 'batch/v1beta1', 'CronJob', 'batch/v1 CronJob (available since 1.21)'],
    ['1.25', 'discovery.k8s.io/v1beta1', 'EndpointSlice', 'discovery.k8s.io/v1 EndpointSlice (available since 1.21)'],
    ['1.25', 'events.k8s.io/v1beta1', 'Event', 'events.k8s.io/v1 Event (available since 1.19)'],
    [
      '1.25',
      'autoscaling/v2beta1',
      'HorizontalPodAutoscaler',
      'autoscaling/v2 HorizontalPodAutoscaler (available since 1.23)',
    ],
    ['1.25', 'policy/v1beta1', 'PodDisruptionBudget', 'policy/v1 PodDisruptionBudget (available since 1.21)'],
    [
      '1.25',
      'policy/v1beta1',
      'PodSecurityPolicy',
      'Pod Security Admission (pod-security.kubernetes.io labels on the Namespace)',
    ],
    ['1.25', 'node.k8s.io/v1beta1', 'RuntimeClass', 'node.k8s.io/v1 RuntimeClass (available since 1.20)'],
    ...['FlowSchema', 'PriorityLevelConfiguration'].map(
      (k) =>
        [
          '1.26',
          'flowcontrol.apiserver.k8s.io/v1beta1',
          k,
          `flowcontrol.apiserver.k8s.io/v1beta3 ${k} (available since 1.26)`,
        ] as const,
    ),
    [
      '1.26',
      'autoscaling/v2beta2',
      'HorizontalPodAutoscaler',
      'autoscaling/v2 HorizontalPodAutoscaler (available since 1.23)',
    ],
    [
      '1.27',
      'storage.k8s.io/v1beta1',
      'CSIStorageCapacity',
      'storage.k8s.io/v1 CSIStorageCapacity (available since 1.24)',
    ],
  ];

  for (const [removedIn, apiVersion, kind, replacement] of EXPECTED) {
    it(`${apiVersion} ${kind}: removed in ${removedIn}`, () => {
      const hit = removedApi(apiVersion, kind, '1.28');
      expect(hit).toMatchObject({ apiVersion, kind, removedIn });
      expect(hit?.replacement.startsWith(replacement), hit?.replacement).toBe(true);
      expect(removedApi(apiVersion, kind, removedIn)).toBeDefined();
      const [major, minor] = removedIn.split('.').map(Number) as [number, number];
      expect(removedApi(apiVersion, kind, `${major}.${minor - 1}`)).toBeUndefined();
    });
  }

  it('compares minors numerically ("1.9" is before "1.25")', () => {
    expect(removedApi('apps/v1beta1', 'Deployment', '1.9')).toBeUndefined();
    expect(removedApi('batch/v1beta1', 'CronJob', '1.9')).toBeUndefined();
    expect(removedApi('batch/v1beta1', 'CronJob', '1.100')).toBeDefined();
    expect(removedApi('batch/v1beta1', 'CronJob', 'v1.25.3')).toBeDefined();
  });

  it('flowcontrol v1beta3 is still served at 1.28 and removed at 1.32; v1beta2 at 1.29', () => {
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.28')).toBeUndefined();
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31')).toBeUndefined();
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.32')).toMatchObject({
      removedIn: '1.32',
      replacement: 'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration (available since 1.29)',
    });
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.28')).toBeUndefined();
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.29')).toBeDefined();
  });

  it('leaves current apiVersions alone and follows list kinds', () => {
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['batch/v1', 'CronJob'],
    ] as const) {
      expect(removedApi(apiVersion, kind, '1.32')).toBeUndefined();
    }
    expect(removedApi('extensions/v1beta1', 'DeploymentList', '1.28')).toMatchObject({
      kind: 'DeploymentList',
      replacement: 'apps/v1 DeploymentList (available since 1.9)',
    });
  });

  it('has one entry per apiVersion and kind', () => {
    const keys = REMOVED_APIS.map((r) => `${r.apiVersion} ${r.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
