import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['CAP-01-quota-fits'].map(fixture);

export default {
  rule: 'CAP-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
