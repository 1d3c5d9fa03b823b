import type { RuleTable } from '../tester.js';

const appset = (path: string): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: services
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - list:
        elements:
          - {app: billing}
  template:
    metadata:
      name: '{{ .app }}'
    spec:
      project: default
      source:
        repoURL: https://github.com/example/gitops.git
        targetRevision: HEAD
        path: '${path}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{ .app }}'
`;

export default {
  rule: 'ARGO-003',
  valid: [{ name: 'every-parameter-provided', yaml: appset('apps/{{ .app }}'), argo: 'path' }],
  invalid: [
    {
      name: 'parameter-no-generator-provides',
      yaml: appset('apps/{{ .application }}'),
      argo: 'path',
      expect: [{ line: 20, path: 'spec.source.path', resource: 'Application/billing', message: '<no value>' }],
    },
  ],
} satisfies RuleTable;
