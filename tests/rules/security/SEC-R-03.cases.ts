import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-R-03-run-as-non-root'].map(fixture);

export default {
  rule: 'SEC-R-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
