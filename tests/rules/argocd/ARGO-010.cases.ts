import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['ARGO-010-sync-policy'].map(fixture);

const application = (spec: string, apiVersion = 'argoproj.io/v1alpha1'): string => `apiVersion: ${apiVersion}
kind: Application
metadata:
  name: billing
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/gitops.git
    targetRevision: HEAD
    path: overlays/dev
  destination:
    server: https://kubernetes.default.svc
    namespace: billing
${spec}`;

const valid: RuleCase[] = [
  { name: 'no-create-namespace', yaml: application('  syncPolicy:\n    automated: {prune: true}\n'), argo: 'path' },
  {
    name: 'retry-defaults',
    yaml: application('  syncPolicy:\n    retry:\n      backoff: {duration: "30", maxDuration: 1h30m}\n'),
    argo: 'path',
  },
  {
    name: 'retry-integer-limit-and-factor',
    yaml: application('  syncPolicy:\n    retry:\n      limit: -1\n      backoff: {factor: 1}\n'),
    argo: 'path',
  },
  // another API group's Application (app.k8s.io) is not Argo CD's
  {
    name: 'other-group',
    yaml: application('  syncPolicy:\n    syncOptions: [Nonsense]\n', 'app.k8s.io/v1beta1'),
  },
  {
    name: 'ignore-differences-complete',
    yaml: application(
      '  ignoreDifferences:\n    - {kind: Deployment, group: apps, managedFieldsManagers: [kube-controller]}\n',
    ),
    argo: 'path',
  },
];

const invalid: RuleCase[] = [
  {
    name: 'fractions',
    yaml:
      application('  syncPolicy:\n    retry:\n      limit: 1.5\n      backoff: {factor: 0}\n') +
      '---\n' +
      application('  syncPolicy:\n    retry:\n      backoff: {factor: 1.5, duration: 30}\n').replace(
        'name: billing',
        'name: lab',
      ),
    argo: 'path',
    expect: [
      {
        line: 17,
        path: 'spec.syncPolicy.retry.limit',
        message: 'retry.limit must be an integer (a negative limit retries forever), got 1.5',
      },
      {
        line: 18,
        path: 'spec.syncPolicy.retry.backoff.factor',
        message: 'retry.backoff.factor must be an integer of at least 1, got 0',
      },
      {
        line: 36,
        path: 'spec.syncPolicy.retry.backoff.duration',
        message: 'retry.backoff.duration 30 is not a duration Argo CD can parse',
      },
      {
        line: 36,
        path: 'spec.syncPolicy.retry.backoff.factor',
        message: 'Application lab: retry.backoff.factor must be an integer of at least 1, got 1.5',
      },
    ],
  },
  {
    // without Argo CD's model the Applications among the units are still checked, each once
    name: 'no-argo-context',
    yaml: application('  syncPolicy:\n    syncOptions: [CreateNamespaces=true]\n'),
    expect: [{ line: 16, path: 'spec.syncPolicy.syncOptions[0]', message: 'did you mean "CreateNamespace=true"?' }],
  },
  {
    name: 'ignore-nothing-without-kind',
    yaml: application('  ignoreDifferences:\n    - {group: apps}\n    - {kind: "", jsonPointers: [/spec]}\n'),
    argo: 'path',
    expect: [
      { line: 16, path: 'spec.ignoreDifferences[0]', message: 'ignoreDifferences[0] ignores nothing' },
      { line: 16, path: 'spec.ignoreDifferences[0]', message: 'ignoreDifferences[0] needs a kind' },
      { line: 17, path: 'spec.ignoreDifferences[1]', message: 'ignoreDifferences[1] needs a kind' },
    ],
  },
];

export default {
  rule: 'ARGO-010',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
