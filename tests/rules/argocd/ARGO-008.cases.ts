import type { RuleCase, RuleTable } from '../tester.js';

const application = (extra: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: billing
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/gitops.git
    targetRevision: HEAD
    path: apps/billing
  destination:
    server: https://kubernetes.default.svc
    namespace: billing
${extra}`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: billing
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: billing}
  minReplicas: 2
  maxReplicas: 5
`;

const withApp = (name: string, extra: string, billing = HPA): RuleCase => ({
  name,
  units: [
    { name: 'argocd', files: { 'app.yaml': application(extra) } },
    { name: 'billing', files: { 'hpa.yaml': billing } },
  ],
  argo: 'path',
});

const IGNORED = `  ignoreDifferences:
    - group: apps
      kind: Deployment
      jsonPointers: [/spec/replicas]
`;

export default {
  rule: 'ARGO-008',
  valid: [
    withApp('ignores-replicas', `${IGNORED}  syncPolicy:\n    syncOptions: [RespectIgnoreDifferences=true]\n`),
    withApp(
      'jq-path',
      '  ignoreDifferences:\n    - kind: Deployment\n      jqPathExpressions: [.spec.replicas]\n' +
        '  syncPolicy:\n    syncOptions: [RespectIgnoreDifferences=true]\n',
    ),
    { ...withApp('no-argo', ''), argo: undefined },
    withApp('no-hpa', '', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing\n'),
  ],
  invalid: [
    {
      ...withApp('nothing-ignored', ''),
      expect: [
        { file: 'app.yaml', line: 6, path: 'spec.ignoreDifferences', message: 'does not ignore /spec/replicas' },
        { file: 'app.yaml', line: 6, path: 'spec.syncPolicy', message: 'RespectIgnoreDifferences=true' },
      ],
    },
    {
      ...withApp('other-kind-ignored', `${IGNORED.replace('Deployment', 'StatefulSet')}`),
      expect: [
        { file: 'app.yaml', line: 6, path: 'spec.syncPolicy', message: 'RespectIgnoreDifferences=true' },
        { file: 'app.yaml', line: 15, path: 'spec.ignoreDifferences', message: 'on Deployment' },
      ],
    },
  ],
} satisfies RuleTable;
