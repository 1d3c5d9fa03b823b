import type { AppSpec, DiffCase, DiffTable } from '../tester.js';

const PVC = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: zarish-his-dr\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: zarish-his-dr\n';

const dr = (
  preserveResources: boolean | undefined,
  environment = 'dr',
  files = { 'app.yaml': `${PVC}---\n${CM}` },
): AppSpec => ({
  name: 'zarish-his-dr',
  cluster: 'chittagong',
  environment,
  files,
  preserveResources,
});

const removed = (name: string, app: AppSpec, lines?: DiffCase['clusterLines']): DiffCase => ({
  name,
  base: [app],
  head: [],
  ...(lines ? { clusterLines: lines } : {}),
});

export default {
  rule: 'DIFF-002',
  diff: true,
  valid: [
    { name: 'kept', base: [dr(false)], head: [dr(false)] },
    { name: 'added', base: [], head: [dr(false)] },
  ],
  invalid: [
    {
      ...removed('removed-deletes', dr(false), { head: { chittagong: 9 } }),
      expect: [
        {
          file: 'clusters/chittagong/cluster.yaml',
          line: 9,
          path: 'spec.environments',
          resource: null,
          message: 'Argo CD deletes all 2 resources it deployed, including PersistentVolumeClaim zarish-his-dr/data',
        },
      ],
    },
    {
      ...removed('removed-preserved', dr(true, 'dr', { 'app.yaml': CM }), { base: { chittagong: 7 } }),
      expect: [
        {
          file: 'clusters/chittagong/cluster.yaml',
          line: 7,
          path: 'spec.environments',
          message:
            'its 1 resources stay in the cluster but are orphaned: nothing syncs, heals or prunes them any more (',
        },
      ],
    },
    {
      ...removed('removed-unknown-policy', dr(undefined, 'cluster')),
      expect: [
        {
          file: 'clusters/chittagong/cluster.yaml',
          line: 1,
          path: '',
          message: 'could not tell from the base ref whether preserveResourcesOnDeletion is set',
        },
      ],
    },
  ],
} satisfies DiffTable;
