import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCR-05-literal-secret-env'].map(fixture);

export default {
  rule: 'SCR-05',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
