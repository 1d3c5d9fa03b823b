import type { RuleTable } from '../tester.js';

const appset = (historyLimit: string): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: services
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - list:
        elements:
          - {app: billing}
  template:
    metadata:
      name: '{{ .app }}'
    spec:
      project: default
      revisionHistoryLimit: ${historyLimit}
      source:
        repoURL: https://github.com/example/gitops.git
        targetRevision: HEAD
        path: 'apps/{{ .app }}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{ .app }}'
`;

export default {
  rule: 'ARGO-001',
  valid: [{ name: 'integer-history-limit', yaml: appset('10'), argo: 'path' }],
  invalid: [
    {
      name: 'string-history-limit',
      yaml: appset('"ten"'),
      argo: 'path',
      expect: [
        {
          line: 18,
          path: 'spec.revisionHistoryLimit',
          resource: 'Application/billing',
          message: 'generated Application billing',
        },
      ],
    },
  ],
} satisfies RuleTable;
