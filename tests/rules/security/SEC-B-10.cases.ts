import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-10-sysctls', 'SEC-B-10-sysctls-1.29'].map(fixture);

export default {
  rule: 'SEC-B-10',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
