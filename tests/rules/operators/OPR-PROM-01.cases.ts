import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PROM-01-promql-parses'].map(fixture);

export default {
  rule: 'OPR-PROM-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
