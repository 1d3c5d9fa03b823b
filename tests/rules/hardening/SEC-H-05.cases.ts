import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-05-rbac'].map(fixture);

export default {
  rule: 'SEC-H-05',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
