import type { ExternalTable } from '../tester.js';

export default [
  {
    rule: 'SRV-001',
    external: {
      reason: 'the verdict is a real kube-apiserver dry-run; the rule module only names the finding',
      tests: ['tests/server.test.ts'],
    },
  },
  {
    rule: 'SRV-002',
    external: {
      reason: "the verdict is a real kube-apiserver's Pod Security admission; the rule module only names the finding",
      tests: ['tests/server.test.ts'],
    },
  },
  {
    rule: 'SRV-003',
    external: {
      reason: "the verdict is a real kube-apiserver's warning header; the rule module only names the finding",
      tests: [],
      gap: 'no test makes a kube-apiserver return a non-Pod-Security warning (scripts/lib/server/dryrun.ts)',
    },
  },
] satisfies ExternalTable[];
