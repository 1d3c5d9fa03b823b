import type { AppSpec, DiffTable } from '../tester.js';

const PVC = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

const prod = (
  cluster: string,
  server: string,
  namespace: string,
  files: Record<string, string> = { 'app.yaml': PVC },
): AppSpec => ({
  name: 'zarish-his-prod',
  cluster,
  files,
  application: { project: 'zarish-his', destination: { server, namespace } },
});

const DHAKA = 'https://dhaka.example.org:6443';
const CTG = 'https://chittagong.example.org:6443';

export default {
  rule: 'DIFF-005',
  diff: true,
  valid: [
    {
      name: 'same-destination',
      base: [prod('dhaka', DHAKA, 'zarish-his-prod')],
      head: [prod('dhaka', DHAKA, 'zarish-his-prod', { 'app.yaml': CM })],
    },
    { name: 'new-application', base: [], head: [prod('dhaka', DHAKA, 'zarish-his-prod')] },
  ],
  invalid: [
    {
      name: 'moves-cluster',
      base: [prod('dhaka', DHAKA, 'zarish-his-prod')],
      head: [prod('chittagong', CTG, 'zarish-his-prod')],
      clusterFacts: {
        head: {
          chittagong: {
            file: 'clusters/chittagong/cluster.yaml',
            environments: ['prod'],
            environmentsLine: 11,
            hostsArgoCD: true,
          },
        },
      },
      expect: [
        {
          file: 'clusters/chittagong/cluster.yaml',
          line: 11,
          path: 'spec.environments',
          resource: null,
          message:
            `Application zarish-his-prod (prod) moves: cluster dhaka (${DHAKA}) -> chittagong (${CTG}) ` +
            '(destination.server). Argo CD deploys all 1 resources at the new destination; the old one is no ' +
            'longer managed by this Application. Its PersistentVolumeClaim start empty there.',
        },
      ],
    },
    {
      name: 'moves-namespace',
      base: [prod('dhaka', DHAKA, 'zarish-his-prod', { 'app.yaml': CM })],
      head: [prod('dhaka', DHAKA, 'zarish-his', { 'app.yaml': CM })],
      expect: [
        {
          file: 'clusters/dhaka/cluster.yaml',
          line: 1,
          path: 'spec.environments',
          message:
            'moves: namespace zarish-his-prod -> zarish-his (destination.namespace). Argo CD ' +
            'deploys all 1 resources at the new destination; the old one is no longer managed by this Application. If',
        },
      ],
    },
  ],
} satisfies DiffTable;
