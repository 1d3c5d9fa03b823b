import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-009-object-meta'].map(fixture);

export default {
  rule: 'SCH-009',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
