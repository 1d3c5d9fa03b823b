import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-022-cel-rule'].map(fixture);

export default {
  rule: 'SCH-022',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
