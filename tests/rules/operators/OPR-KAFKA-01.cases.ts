import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-KAFKA-01-kraft-node-pools'].map(fixture);

export default {
  rule: 'OPR-KAFKA-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
