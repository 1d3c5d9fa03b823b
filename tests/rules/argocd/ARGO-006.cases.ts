import type { RuleCase, RuleTable } from '../tester.js';

const application = (name: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/gitops.git
    targetRevision: HEAD
    path: overlays/${name.replace('zarish-his-', '')}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
`;

const prodAndDr = (name: string, prodSet: string | undefined, drSet: string | undefined): RuleCase => ({
  name,
  units: [
    {
      name: 'argocd',
      files: { 'apps.yaml': `${application('zarish-his-prod')}---\n${application('zarish-his-dr')}` },
    },
  ],
  argo: {
    targets: [
      {
        name: 'zarish-his-prod',
        cluster: 'dhaka',
        environment: 'prod',
        application: { name: 'zarish-his-prod', appset: prodSet, project: 'default', server: 'https://dhaka' },
      },
      {
        name: 'zarish-his-dr',
        cluster: 'chittagong',
        environment: 'dr',
        application: { name: 'zarish-his-dr', appset: drSet, project: 'default', server: 'https://chittagong' },
      },
    ],
  },
});

export default {
  rule: 'ARGO-006',
  valid: [
    prodAndDr('same-appset', 'environments', 'environments'),
    // without a dr target there is nothing to compare
    { ...prodAndDr('no-dr', 'environments', 'other'), argo: { targets: [] } },
  ],
  invalid: [
    {
      ...prodAndDr('different-appsets', 'environments', 'dr-environments'),
      expect: [
        {
          file: 'apps.yaml',
          line: 21,
          path: 'spec',
          resource: 'Application/zarish-his-dr',
          message: 'prod comes from ApplicationSet environments and dr from ApplicationSet dr-environments',
        },
      ],
    },
    {
      ...prodAndDr('hand-written-dr', 'environments', undefined),
      expect: [{ file: 'apps.yaml', line: 21, path: 'spec', message: 'dr from a hand-written Application' }],
    },
  ],
} satisfies RuleTable;
