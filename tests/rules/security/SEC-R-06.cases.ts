import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-R-06-capabilities-restricted'].map(fixture);

export default {
  rule: 'SEC-R-06',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
