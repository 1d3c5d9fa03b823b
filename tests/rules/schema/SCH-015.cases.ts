import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-015-duplicate-env'].map(fixture);

export default {
  rule: 'SCH-015',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
