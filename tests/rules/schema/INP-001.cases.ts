import type { RuleTable } from '../tester.js';

const configMap = (data: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
  blob: ${data}
`;

export default {
  rule: 'INP-001',
  valid: [{ name: 'small-document', yaml: configMap('x'.repeat(1024)) }],
  invalid: [
    {
      // the API server refuses requests over 3 MiB
      name: 'document-over-3-mib',
      yaml: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n${configMap('x'.repeat(3 * 1024 ** 2))}`,
      expect: [{ line: 6, path: '', resource: null, message: 'document 2 is 3.0 MiB (expected at most 3 MiB' }],
    },
  ],
} satisfies RuleTable;
