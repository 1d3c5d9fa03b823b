import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-11-windows-host-process'].map(fixture);

export default {
  rule: 'SEC-B-11',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
