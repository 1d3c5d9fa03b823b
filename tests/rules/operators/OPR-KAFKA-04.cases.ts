import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-KAFKA-04-min-insync'].map(fixture);

export default {
  rule: 'OPR-KAFKA-04',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
