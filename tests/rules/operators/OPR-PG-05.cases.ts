import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-05-replica-bootstrap'].map(fixture);

export default {
  rule: 'OPR-PG-05',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
