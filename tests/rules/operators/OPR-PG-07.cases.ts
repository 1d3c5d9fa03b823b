import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-07-barman-object-ref'].map(fixture);

export default {
  rule: 'OPR-PG-07',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
