import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['ARGO-002-path-cross-check'].map(fixture);

export default {
  rule: 'ARGO-002',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
