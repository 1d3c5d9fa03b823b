import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-KAFKA-03-topic-replicas'].map(fixture);

export default {
  rule: 'OPR-KAFKA-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
