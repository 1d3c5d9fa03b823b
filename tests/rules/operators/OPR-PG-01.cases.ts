import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-01-replica-enabled-primary'].map(fixture);

export default {
  rule: 'OPR-PG-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
