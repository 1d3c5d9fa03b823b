import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCR-06-connection-string'].map(fixture);

export default {
  rule: 'SCR-06',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
