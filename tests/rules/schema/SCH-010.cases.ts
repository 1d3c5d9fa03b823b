import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-010-list-map-unique'].map(fixture);

export default {
  rule: 'SCH-010',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
