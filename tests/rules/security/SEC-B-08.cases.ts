import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-08-proc-mount'].map(fixture);

export default {
  rule: 'SEC-B-08',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
