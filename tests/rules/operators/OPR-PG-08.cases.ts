import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-08-objectstore-servername'].map(fixture);

export default {
  rule: 'OPR-PG-08',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
