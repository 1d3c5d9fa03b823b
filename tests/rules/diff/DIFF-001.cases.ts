import type { DiffCase, DiffTable, Expected } from '../tester.js';

/** One Application (prod) whose manifest changes from `before` to `after`. */
const change = (name: string, before: string, after: string, expect?: Expected[]): DiffCase => ({
  name,
  base: [{ name: 'zarish-his-prod', files: { 'app.yaml': before } }],
  head: [{ name: 'zarish-his-prod', files: { 'app.yaml': after } }],
  ...(expect ? { expect } : {}),
});

const workload = (kind: string, labels: string, extra = ''): string => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: billing
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      containers: [{name: billing, image: billing:1}]
${extra}`;

const statefulSet = (extra: string): string => workload('StatefulSet', 'app: billing', extra);

const service = (spec: string): string => `apiVersion: v1
kind: Service
metadata:
  name: billing
spec:
${spec}`;

const job = (image: string, annotations = '', selector = 'app: migrate'): string => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations: {${annotations}}
spec:
  selector: {matchLabels: {${selector}}}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: ${image}}]
`;

const pvc = (size: string, storageClass = 'standard', attributes = ''): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: ${storageClass}
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: ${size}
${attributes}`;

const configMap = (value: string, immutable = 'immutable: true', kind = 'ConfigMap'): string => `apiVersion: v1
kind: ${kind}
metadata:
  name: settings
${immutable}
data:
  mode: ${value}
`;

const at = (line: number, path: string, message: string): Expected => ({ file: 'app.yaml', line, path, message });

export default {
  rule: 'DIFF-001',
  diff: true,
  valid: [
    change(
      'image-change',
      workload('Deployment', 'app: billing'),
      workload('Deployment', 'app: billing').replace('billing:1', 'billing:2'),
    ),
    change('statefulset-replicas', statefulSet('  replicas: 1\n'), statefulSet('  replicas: 3\n')),
    change(
      'replace-force',
      workload('Deployment', 'app: billing'),
      workload('Deployment', 'app: billing, tier: web').replace(
        'name: billing\nspec',
        'name: billing\n  annotations: {argocd.argoproj.io/sync-options: "Replace=true,Force=true"}\nspec',
      ),
    ),
    change('service-port', service('  ports: [{port: 80}]\n'), service('  ports: [{port: 8080}]\n')),
    change('service-nodeport', service('  type: ClusterIP\n'), service('  type: NodePort\n')),
    change(
      'hook-job',
      job('migrate:1', '"argocd.argoproj.io/hook": PreSync'),
      job('migrate:2', '"argocd.argoproj.io/hook": PreSync'),
    ),
    change(
      'helm-hook-job',
      job('migrate:1', '"helm.sh/hook": pre-install'),
      job('migrate:2', '"helm.sh/hook": pre-install'),
    ),
    change('pvc-grows', pvc('10Gi'), pvc('20Gi')),
    change('pvc-attributes', pvc('10Gi'), pvc('10Gi', 'standard', '  volumeAttributesClassName: fast\n')),
    change('mutable-configmap', configMap('a', ''), configMap('b', '')),
    change(
      'immutable-configmap-labels',
      configMap('a'),
      configMap('a').replace('name: settings', 'name: settings\n  labels: {a: b}'),
    ),
    change(
      'other-group-selector',
      workload('Deployment', 'app: billing').replace('apps/v1', 'example.org/v1'),
      workload('Deployment', 'app: billing, tier: web').replace('apps/v1', 'example.org/v1'),
    ),
    // added and removed resources are not updates
    {
      name: 'added',
      base: [{ name: 'zarish-his-prod', files: {} }],
      head: [{ name: 'zarish-his-prod', files: { 'app.yaml': pvc('1Gi') } }],
    },
  ],
  invalid: [
    change(
      'deployment-selector',
      workload('Deployment', 'app: billing'),
      workload('Deployment', 'app: billing, tier: web'),
      [at(6, 'spec.selector', 'spec.selector changed from {"matchLabels":{"app":"billing"}}')],
    ),
    change('daemonset-selector', workload('DaemonSet', 'app: billing'), workload('DaemonSet', 'app: other'), [
      at(
        6,
        'spec.selector',
        'the API server rejects this update (field is immutable), so the sync of zarish-his-prod fails',
      ),
    ]),
    change('statefulset-service-name', statefulSet('  serviceName: a\n'), statefulSet('  serviceName: b\n'), [
      at(12, 'spec.serviceName', 'spec.serviceName changed from a to b'),
    ]),
    change(
      'statefulset-claims',
      statefulSet('  volumeClaimTemplates: [{metadata: {name: d}, spec: {resources: {requests: {storage: 1Gi}}}}]\n'),
      statefulSet('  volumeClaimTemplates: [{metadata: {name: d}, spec: {resources: {requests: {storage: 2Gi}}}}]\n'),
      [at(12, 'spec.volumeClaimTemplates', 'the claims of existing pods are never updated')],
    ),
    change(
      'service-cluster-ip',
      service('  clusterIP: 10.0.0.1\n'),
      service('  clusterIP: 10.0.0.2\n  clusterIPs: [10.0.0.2]\n'),
      [
        at(6, 'spec.clusterIP', 'spec.clusterIP changed from 10.0.0.1 to 10.0.0.2'),
        at(7, 'spec.clusterIPs', 'spec.clusterIPs changed'),
      ],
    ),
    change(
      'service-external-name',
      service('  ports: []\n'),
      service('  type: ExternalName\n  externalName: db.example.org\n'),
      [at(6, 'spec.type', 'spec.type changed from ClusterIP to ExternalName')],
    ),
    change('service-from-external-name', service('  type: ExternalName\n'), service('  type: ClusterIP\n'), [
      at(6, 'spec.type', 'from ExternalName to ClusterIP'),
    ]),
    change('job-template', job('migrate:1'), job('migrate:2'), [at(8, 'spec.template', 'the pod template of a Job')]),
    change('job-selector', job('migrate:1'), job('migrate:1', '', 'app: other'), [
      at(7, 'spec.selector', 'spec.selector changed'),
    ]),
    change('pvc-storage-class', pvc('10Gi'), pvc('10Gi', 'fast'), [
      at(6, 'spec.storageClassName', 'from standard to fast'),
    ]),
    change('pvc-shrinks', pvc('10Gi'), pvc('5Gi'), [
      at(10, 'spec.resources.requests.storage', 'shrinks from 10Gi to 5Gi'),
    ]),
    change('immutable-configmap-data', configMap('a'), configMap('b'), [
      at(6, 'data', 'data of an immutable ConfigMap'),
    ]),
    change(
      'immutable-secret-data',
      configMap('a', 'immutable: true', 'Secret'),
      configMap('b', 'immutable: true', 'Secret'),
      [at(6, 'data', 'data of an immutable Secret')],
    ),
    change('immutable-removed', configMap('a'), configMap('a', 'immutable: false'), [
      at(5, 'immutable', 'immutable: true was removed'),
    ]),
  ],
} satisfies DiffTable;
