import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['CAP-02-quota-headroom'].map(fixture);

export default {
  rule: 'CAP-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
