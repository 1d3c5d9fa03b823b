import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-024-kafka-version'].map(fixture);

export default {
  rule: 'SCH-024',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
