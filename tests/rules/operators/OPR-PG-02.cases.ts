import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-02-replica-external-cluster'].map(fixture);

export default {
  rule: 'OPR-PG-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
