import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-03-capabilities-baseline'].map(fixture);

export default {
  rule: 'SEC-B-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
