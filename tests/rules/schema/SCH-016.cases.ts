import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-016-selector-mismatch'].map(fixture);

export default {
  rule: 'SCH-016',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
