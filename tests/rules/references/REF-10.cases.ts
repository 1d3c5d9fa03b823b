import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-10-servicemonitor-namespaces', 'REF-10-servicemonitor-target'].map(fixture);

export default {
  rule: 'REF-10',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
