import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PROM-02-podmonitor-target'].map(fixture);

export default {
  rule: 'OPR-PROM-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
