import type { RuleTable } from '../tester.js';

const job = (annotations: string): string => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
${annotations}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.org/migrate:1.0.0
`;

export default {
  rule: 'ARGO-004',
  valid: [
    {
      name: 'known-values',
      yaml: job(
        [
          '    argocd.argoproj.io/sync-wave: "-1"',
          '    argocd.argoproj.io/hook: PreSync,PostSync',
          '    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation',
          '    argocd.argoproj.io/sync-options: Prune=false, ServerSideApply=true',
          '    argocd.argoproj.io/compare-options: IgnoreExtraneous',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'misspelt-values',
      yaml: job(
        [
          '    argocd.argoproj.io/sync-wave: early',
          '    argocd.argoproj.io/hook: PreSynch',
          '    argocd.argoproj.io/hook-delete-policy: HookSucceded',
          '    argocd.argoproj.io/sync-options: Prune=no,Prunne=false,Force',
          '    argocd.argoproj.io/compare-options: IgnoreExtraneous,IgnoreMissing',
        ].join('\n'),
      ),
      expect: [
        { line: 6, path: 'metadata.annotations["argocd.argoproj.io/sync-wave"]', message: 'not an integer' },
        { line: 7, path: 'metadata.annotations["argocd.argoproj.io/hook"]', message: '"PreSynch"' },
        { line: 8, path: 'metadata.annotations["argocd.argoproj.io/hook-delete-policy"]', message: 'HookSucceded' },
        { line: 9, path: 'metadata.annotations["argocd.argoproj.io/sync-options"]', message: 'expected Force=true' },
        { line: 9, path: 'metadata.annotations["argocd.argoproj.io/sync-options"]', message: 'expected Prune=false' },
        { line: 9, path: 'metadata.annotations["argocd.argoproj.io/sync-options"]', message: '"Prunne" is unknown' },
        {
          line: 10,
          path: 'metadata.annotations["argocd.argoproj.io/compare-options"]',
          severity: 'warning',
          message: '"IgnoreMissing" is unknown',
        },
      ],
    },
  ],
} satisfies RuleTable;
