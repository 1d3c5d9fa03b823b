import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PG-04-image-catalog'].map(fixture);

export default {
  rule: 'OPR-PG-04',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
