import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-003-type-meta'].map(fixture);

export default {
  rule: 'SCH-003',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
