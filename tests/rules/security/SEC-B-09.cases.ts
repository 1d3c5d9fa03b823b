import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-09-seccomp-baseline'].map(fixture);

export default {
  rule: 'SEC-B-09',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
