import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-018-port-range'].map(fixture);

export default {
  rule: 'SCH-018',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
