import type { ExternalTable } from '../tester.js';

// Both need an imported operator release whose CRD has a served deprecated version, or a CEL rule the
// CEL library cannot evaluate; the releases the repo pins have neither, so the cases import one.
export default [
  {
    rule: 'DEP-002',
    external: {
      reason: 'needs an imported CRD with a served, deprecated version (none among the pinned releases)',
      tests: ['tests/schema-crd.test.ts'],
    },
  },
  {
    rule: 'SCH-023',
    external: {
      reason: 'needs an imported CRD with a CEL rule the library cannot evaluate (none among the pinned releases)',
      tests: ['tests/schema-crd.test.ts'],
    },
  },
] satisfies ExternalTable[];
