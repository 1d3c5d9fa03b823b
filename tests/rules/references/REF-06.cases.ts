import { deployment as webDeployment } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['REF-06-config-refs'].map(fixture);

/** A Deployment whose pod spec is `podSpec` (indented under spec.template.spec), with the other objects. */
const pod = (podSpec: string, ...others: string[]): string => [webDeployment(podSpec), ...others].join('---\n');

const envFromKey = (kind: 'configMapKeyRef' | 'secretKeyRef', name: string, key: string, optional = false): string =>
  `      containers:
        - name: app
          image: registry.example.org/web:1.0.0
          env:
            - name: X
              valueFrom:
                ${kind}: {name: ${name}, key: ${key}${optional ? ', optional: true' : ''}}
`;

const externalSecret = (spec: string): string => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: creds
spec:
  secretStoreRef: {name: vault, kind: SecretStore}
${spec}`;

const DATA = '  data:\n    - {secretKey: password, remoteRef: {key: db, property: password}}\n';

const valid: RuleCase[] = [
  {
    name: 'external-secret-template-merge',
    yaml: pod(
      envFromKey('secretKeyRef', 'creds', 'password'),
      externalSecret(`  target:\n    template:\n      mergePolicy: Merge\n      data: {url: x}\n${DATA}`),
    ),
  },
  {
    name: 'external-secret-data-from',
    yaml: pod(envFromKey('secretKeyRef', 'creds', 'anything'), externalSecret('  dataFrom: [{extract: {key: db}}]\n')),
  },
  {
    name: 'external-secret-template-from',
    yaml: pod(
      envFromKey('secretKeyRef', 'creds', 'anything'),
      externalSecret('  target:\n    template:\n      templateFrom: [{configMap: {name: t, items: [{key: k}]}}]\n'),
    ),
  },
  {
    name: 'external-secret-merges',
    yaml: pod(
      envFromKey('secretKeyRef', 'creds', 'anything'),
      externalSecret(`  target: {creationPolicy: Merge}\n${DATA}`),
    ),
  },
  {
    name: 'service-account-token',
    yaml: pod(
      envFromKey('secretKeyRef', 'token', 'token'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\ntype: kubernetes.io/service-account-token\n',
    ),
  },
  {
    name: 'sealed-secret-and-certificate',
    yaml: pod(
      `      imagePullSecrets: [{name: pull}]
      volumes:
        - name: tls
          projected:
            sources:
              - secret: {name: web-tls}
              - configMap: {name: kube-root-ca.crt}
${envFromKey('secretKeyRef', 'sealed', 'password')}`,
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed\nspec:\n  ' +
        'encryptedData: {password: AgB}\n',
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: ' +
        'pull-sealed\nspec:\n  encryptedData: {a: b}\n' +
        '  template:\n    metadata: {name: pull}\n',
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: web-tls\n',
    ),
  },
  {
    name: 'operator-secrets',
    yaml: pod(
      `${envFromKey('secretKeyRef', 'db-app', 'password')}` +
        '          envFrom: [{secretRef: {name: events-cluster-ca-cert}}]\n',
      'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\nspec:\n  instances: 1\n',
      'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: events\nspec:\n  kafka: {replicas: 1}\n',
    ),
  },
];

const invalid: RuleCase[] = [
  {
    name: 'optional-missing',
    yaml: pod(envFromKey('configMapKeyRef', 'absent', 'k', true)),
    expect: [
      {
        line: 16,
        path: 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name',
        severity: 'info',
        message: 'refers to ConfigMap "absent", which is not in this unit (optional: the pod starts without it)',
      },
    ],
  },
  {
    name: 'template-keys-only',
    yaml: pod(
      envFromKey('secretKeyRef', 'creds', 'password'),
      externalSecret(`  target:\n    template:\n      data: {url: x}\n${DATA}`),
    ),
    expect: [
      { line: 16, path: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key', message: 'password' },
    ],
  },
  {
    name: 'sealed-and-projected-keys',
    yaml: pod(
      `      volumes:
        - name: cfg
          projected:
            sources:
              - configMap: {name: settings, items: [{key: b, path: b}]}
          secret: {secretName: missing, optional: true}
${envFromKey('secretKeyRef', 'sealed', 'pw')}          envFrom: [{configMapRef: {name: nope}}]\n`,
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed\nspec:\n  ' +
        'encryptedData: {password: AgB}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: "1"}\n',
    ),
    expect: [
      {
        line: 14,
        path: 'spec.template.spec.volumes[0].projected.sources[0].configMap.items[0].key',
        message: 'projected volume "cfg" reads key "b" of ConfigMap settings, which has only a',
      },
      {
        line: 15,
        path: 'spec.template.spec.volumes[0].secret.secretName',
        severity: 'info',
        message: 'volume "cfg" refers to Secret "missing", which is not in this unit (optional',
      },
      {
        line: 22,
        path: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key',
        message: 'reads key "pw" of Secret sealed',
      },
      {
        line: 23,
        path: 'spec.template.spec.containers[0].envFrom[0].configMapRef.name',
        message: 'envFrom of container "app" refers to ConfigMap "nope"',
      },
    ],
  },
];

export default {
  rule: 'REF-06',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
