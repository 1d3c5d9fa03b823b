import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-021-hpa-replica-range'].map(fixture);

export default {
  rule: 'SCH-021',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
