import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-01-read-only-rootfs'].map(fixture);

export default {
  rule: 'SEC-H-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
