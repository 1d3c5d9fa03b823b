import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-014-duplicate-resource'].map(fixture);

export default {
  rule: 'SCH-014',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
