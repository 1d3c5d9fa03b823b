import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-01-host-namespaces'].map(fixture);

export default {
  rule: 'SEC-B-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
