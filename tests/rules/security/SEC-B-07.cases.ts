import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-07-selinux'].map(fixture);

export default {
  rule: 'SEC-B-07',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
