import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-03-sa-token-automount'].map(fixture);

export default {
  rule: 'SEC-H-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
