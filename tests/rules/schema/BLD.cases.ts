import type { ExternalTable } from '../tester.js';

export default [
  {
    rule: 'BLD-001',
    external: {
      reason: 'a kustomize build that fails: the finding comes from running real kustomize, not from the rule module',
      tests: ['tests/safety.test.ts'],
    },
  },
  {
    rule: 'BLD-002',
    external: {
      reason: 'a remote base refused while kustomize builds: the finding comes from the build, not the rule module',
      tests: ['tests/safety.test.ts'],
    },
  },
] satisfies ExternalTable[];
