import type { RuleCase, RuleTable } from '../tester.js';

const APP = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: zarish-his-dr
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/gitops.git
    targetRevision: HEAD
    path: overlays/dr
  destination:
    server: https://chittagong.example.org:6443
    namespace: zarish-his-dr
`;

const runBy = (name: string, instance: string | undefined, role: 'dr' | 'primary' = 'dr'): RuleCase => ({
  name,
  units: [{ name: 'argocd', files: { 'app.yaml': APP } }],
  argo: {
    clusters: [
      { name: 'dhaka', hostsArgoCD: true },
      { name: 'chittagong', role, hostsArgoCD: true },
    ],
    targets: [
      {
        name: 'zarish-his-dr',
        cluster: 'chittagong',
        environment: 'dr',
        application: {
          name: 'zarish-his-dr',
          appset: 'environments',
          project: 'default',
          server: 'https://chittagong.example.org:6443',
          instance,
        },
      },
    ],
  },
});

export default {
  rule: 'DR-002',
  valid: [
    runBy('own-argo-cd', 'chittagong'),
    // a target with no Application (no Argo CD object to point at) is not reported
    { ...runBy('no-application', 'dhaka'), units: [{ name: 'argocd', files: { 'app.yaml': '' } }] },
  ],
  invalid: [
    {
      ...runBy('run-by-the-primary', 'dhaka'),
      expect: [
        {
          file: 'app.yaml',
          line: 12,
          path: 'spec.destination',
          resource: 'Application/zarish-his-dr',
          message: "deploys to chittagong (the DR site) but is run by dhaka's Argo CD",
        },
      ],
    },
    {
      ...runBy('run-by-no-known-argo-cd', undefined, 'primary'),
      expect: [
        {
          file: 'app.yaml',
          line: 12,
          path: 'spec.destination',
          message: 'Application zarish-his-dr deploys to chittagong but is run by an Argo CD no cluster description',
        },
      ],
    },
  ],
} satisfies RuleTable;
