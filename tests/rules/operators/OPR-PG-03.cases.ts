import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-03-promotion-token'].map(fixture);

export default {
  rule: 'OPR-PG-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
