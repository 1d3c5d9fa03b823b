import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCR-01-plain-secret'].map(fixture);

export default {
  rule: 'SCR-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
