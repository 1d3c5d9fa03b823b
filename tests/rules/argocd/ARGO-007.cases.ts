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

const DR_APP = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: zarish-his-dr
  namespace: argocd
spec:
  project: default
  source: {repoURL: https://github.com/example/gitops.git, targetRevision: HEAD, path: overlays/dr}
  destination:
    server: https://chittagong.example.org:6443
    namespace: zarish-his-dr
`;

/** Two Argo CDs (one per site); dhaka's runs zarish-his-dr, deploying to chittagong. */
const perSite = (name: string, dhakaSecrets: string, instanceOfDr = 'dhaka'): RuleCase => ({
  name,
  units: [
    { name: 'argocd-dhaka', files: { 'dhaka.yaml': `${DR_APP}${dhakaSecrets ? `---\n${dhakaSecrets}` : ''}` } },
    {
      name: 'argocd-chittagong',
      files: { 'chittagong.yaml': secret('chittagong', 'https://chittagong.example.org:6443') },
    },
  ],
  argo: {
    clusters: [
      { name: 'dhaka', hostsArgoCD: true },
      { name: 'chittagong', server: 'https://chittagong.example.org:6443', hostsArgoCD: true },
    ],
    targets: [
      {
        name: 'zarish-his-dr',
        cluster: 'chittagong',
        environment: 'dr',
        application: {
          name: 'zarish-his-dr',
          appset: undefined,
          project: 'default',
          server: 'https://chittagong.example.org:6443',
          instance: instanceOfDr,
        },
      },
    ],
    instances: [
      { cluster: 'dhaka', bootstrapApp: 'argocd-dhaka' },
      { cluster: 'chittagong', bootstrapApp: 'argocd-chittagong' },
    ],
  },
});

export default {
  rule: 'ARGO-007',
  valid: [
    registered('every-cluster-registered', secret('chittagong', 'https://chittagong.example.org:6443')),
    // path mode has no cluster descriptions to compare with
    registered('path-mode', secret('khulna', 'https://khulna.example.org:6443'), 'path'),
    // a Secret of another API group is no cluster Secret
    registered(
      'not-a-core-secret',
      `${secret('chittagong', 'https://chittagong.example.org:6443')}---\n` +
        secret('khulna', 'https://khulna.example.org:6443').replace('apiVersion: v1', 'apiVersion: example.org/v1'),
    ),
    perSite('registered-in-its-own-instance', secret('chittagong', 'https://chittagong.example.org:6443')),
    perSite('run-by-its-own-site', '', 'chittagong'),
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
    {
      ...perSite('not-registered-in-the-instance-that-runs-it', ''),
      expect: [
        {
          file: 'dhaka.yaml',
          line: 9,
          path: 'spec.destination',
          resource: 'Application/zarish-his-dr',
          message:
            "Application zarish-his-dr of dhaka's Argo CD deploys to chittagong, which no cluster Secret in " +
            "argocd/dhaka/bootstrap.yaml's app of apps registers",
        },
      ],
    },
  ],
} satisfies RuleTable;
