import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCR-03-private-key-material'].map(fixture);

export default {
  rule: 'SCR-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
