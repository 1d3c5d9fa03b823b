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

const removed = (name: string, app: AppSpec, facts?: DiffCase['clusterFacts']): DiffCase => ({
  name,
  base: [app],
  head: [],
  ...(facts ? { clusterFacts: facts } : {}),
});

const FILE = 'clusters/chittagong/cluster.yaml';
/** chittagong's cluster description: the environments it hosts, at `line`; its own Argo CD at line 4 */
const chittagong = (environments: string[], line: number) => ({
  chittagong: { file: FILE, environments, environmentsLine: line, hostsArgoCD: true, hostsArgoCDLine: 4 },
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
      // the cluster stays and no longer lists dr: its spec.environments line in head
      ...removed('removed-deletes', dr(false), { base: chittagong(['dr'], 9), head: chittagong([], 9) }),
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
      // the cluster is gone: its file in the base, at spec.environments
      ...removed('removed-preserved', dr(true, 'dr', { 'app.yaml': CM }), { base: chittagong(['dr'], 7) }),
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
      // the cluster's own Application, cluster gone: the base's spec.hostsArgoCD line
      ...removed('removed-unknown-policy', dr(undefined, 'cluster'), { base: chittagong(['dr'], 7) }),
      expect: [
        {
          file: 'clusters/chittagong/cluster.yaml',
          line: 4,
          path: 'spec.hostsArgoCD',
          message: 'could not tell from the base ref whether preserveResourcesOnDeletion is set',
        },
      ],
    },
  ],
} satisfies DiffTable;
