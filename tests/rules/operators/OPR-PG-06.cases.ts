import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-06-cluster-ref'].map(fixture);

export default {
  rule: 'OPR-PG-06',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
