import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-019-resource-quantity'].map(fixture);

export default {
  rule: 'SCH-019',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
