import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-GRAF-01-dashboard-json'].map(fixture);

export default {
  rule: 'OPR-GRAF-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
