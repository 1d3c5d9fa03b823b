import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-ESO-01-store-ref'].map(fixture);

export default {
  rule: 'OPR-ESO-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
