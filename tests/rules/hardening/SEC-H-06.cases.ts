import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-06-service-exposure'].map(fixture);

export default {
  rule: 'SEC-H-06',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
