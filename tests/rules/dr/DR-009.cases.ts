import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['DR-009-promotion-token'].map(fixture);

export default {
  rule: 'DR-009',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
