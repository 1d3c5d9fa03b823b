import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-KAFKA-02-cluster-label'].map(fixture);

export default {
  rule: 'OPR-KAFKA-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
