import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-R-04-non-zero-uid'].map(fixture);

export default {
  rule: 'SEC-R-04',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
