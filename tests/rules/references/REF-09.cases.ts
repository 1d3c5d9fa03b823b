import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-09-rbac-roleref'].map(fixture);

export default {
  rule: 'REF-09',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
