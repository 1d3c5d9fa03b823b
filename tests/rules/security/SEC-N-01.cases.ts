import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-N-01-namespace-psa-label'].map(fixture);

export default {
  rule: 'SEC-N-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
