import type { AppSpec, DiffCase, DiffTable, Expected } from '../tester.js';

const doc = (apiVersion: string, kind: string, name: string, annotations = ''): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: zarish-his-prod\n` +
  (annotations ? `  annotations: {${annotations}}\n` : '');

const CM = doc('v1', 'ConfigMap', 'settings');

const app = (name: string, files: Record<string, string>, cluster = 'dhaka'): AppSpec => ({
  name,
  cluster,
  environment: 'prod',
  files,
});

/** zarish-his-prod loses `gone` (it keeps a ConfigMap, so it stays). */
const removal = (name: string, gone: string, others: AppSpec[] = [], expect?: Expected[]): DiffCase => ({
  name,
  base: [app('zarish-his-prod', { 'app.yaml': `${CM}---\n${gone}` })],
  head: [app('zarish-his-prod', { 'app.yaml': CM }), ...others],
  ...(expect ? { expect } : {}),
});

export default {
  rule: 'DIFF-003',
  diff: true,
  valid: [
    removal('configmap-removed', doc('v1', 'ConfigMap', 'old')),
    removal('other-group-cluster', doc('example.org/v1', 'Cluster', 'db')),
    // the whole Application goes: that is DIFF-002's
    {
      name: 'application-removed',
      base: [app('zarish-his-prod', { 'app.yaml': doc('v1', 'PersistentVolumeClaim', 'data') })],
      head: [],
    },
  ],
  invalid: [
    removal(
      'pvc-removed',
      doc('v1', 'PersistentVolumeClaim', 'data'),
      [],
      [
        {
          file: 'app.yaml',
          line: 7,
          path: '',
          resource: 'PersistentVolumeClaim/data',
          severity: 'error',
          message:
            'PersistentVolumeClaim zarish-his-prod/data is removed from zarish-his-prod (prod on ' +
            'dhaka): Argo CD prunes it',
        },
      ],
    ),
    removal(
      'cnpg-cluster-removed',
      doc('postgresql.cnpg.io/v1', 'Cluster', 'postgres'),
      [],
      [{ file: 'app.yaml', line: 7, path: '', message: 'CloudNativePG deletes the database pods' }],
    ),
    removal(
      'namespace-removed',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: zarish-his-prod\n',
      [],
      [{ file: 'app.yaml', line: 7, path: '', message: 'everything in it is deleted with it' }],
    ),
    removal(
      'prune-false',
      doc('v1', 'PersistentVolumeClaim', 'data', '"argocd.argoproj.io/sync-options": "Prune=false"'),
      [],
      [
        {
          file: 'app.yaml',
          line: 7,
          path: '',
          severity: 'warning',
          message: 'Prune=false, so Argo CD leaves it in the cluster',
        },
      ],
    ),
    removal(
      'moves-to-another-application',
      doc('v1', 'PersistentVolumeClaim', 'data'),
      [app('zarish-his-data', { 'data.yaml': doc('v1', 'PersistentVolumeClaim', 'data') })],
      [
        {
          file: 'app.yaml',
          line: 7,
          path: '',
          message: 'It moves to zarish-his-data, but if zarish-his-prod syncs first',
        },
      ],
    ),
    removal(
      'same-name-on-another-cluster',
      doc('v1', 'PersistentVolumeClaim', 'data'),
      [app('zarish-his-data', { 'data.yaml': doc('v1', 'PersistentVolumeClaim', 'data') }, 'chittagong')],
      [{ file: 'app.yaml', line: 7, path: '', message: 'Argo CD prunes it and its volume and data go with it unless' }],
    ),
  ],
} satisfies DiffTable;
