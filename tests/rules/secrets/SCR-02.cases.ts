import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCR-02-configmap-credential-key'].map(fixture);

export default {
  rule: 'SCR-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
