import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-002-duplicate-key'].map(fixture);

export default {
  rule: 'SCH-002',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
