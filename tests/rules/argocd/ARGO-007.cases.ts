import type { RuleCase, RuleTable } from '../tester.js';

const secret = (name: string, server: string): string => `apiVersion: v1
kind: Secret
metadata:
  name: cluster-${name}
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: cluster
stringData:
  name: ${name}
  server: ${server}
`;

const CLUSTERS = [
  { name: 'dhaka', hostsArgoCD: true },
  { name: 'chittagong', server: 'https://chittagong.example.org:6443' },
];

const registered = (name: string, secrets: string, mode: 'path' | 'repo' = 'repo'): RuleCase => ({
  name,
  units: [{ name: 'argocd', files: { 'secrets.yaml': secrets } }],
  argo: mode === 'path' ? 'path' : { clusters: CLUSTERS },
});

export default {
  rule: 'ARGO-007',
  valid: [
    registered('every-cluster-registered', secret('chittagong', 'https://chittagong.example.org:6443')),
    // path mode has no cluster descriptions to compare with
    registered('path-mode', secret('khulna', 'https://khulna.example.org:6443'), 'path'),
  ],
  invalid: [
    {
      ...registered(
        'undescribed-and-wrong-server',
        `${secret('khulna', 'https://khulna.example.org:6443')}---\n` +
          secret('chittagong', 'https://old-chittagong.example.org:6443'),
      ),
      expect: [
        { file: 'secrets.yaml', line: 9, path: 'stringData.name', message: 'registers "khulna"' },
        { file: 'secrets.yaml', line: 21, path: 'stringData.server', message: 'says server https://old-chittagong' },
      ],
    },
    {
      ...registered('cluster-without-secret', secret('dhaka', 'https://dhaka.example.org:6443')),
      expect: [
        { file: 'secrets.yaml', line: 1, path: '', message: 'cluster chittagong (clusters/chittagong/cluster.yaml)' },
      ],
    },
  ],
} satisfies RuleTable;
