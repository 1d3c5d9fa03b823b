import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-KAFKA-05-jmx-metrics-config'].map(fixture);

export default {
  rule: 'OPR-KAFKA-05',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
