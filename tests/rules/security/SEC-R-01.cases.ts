import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-R-01-volume-types'].map(fixture);

export default {
  rule: 'SEC-R-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
