import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-REDIS-01-cluster-size'].map(fixture);

export default {
  rule: 'OPR-REDIS-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
