import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['DEP-001-crd-not-served', 'DEP-001-kube-version-1.32', 'DEP-001-removed-apis-1.28'].map(fixture);

export default {
  rule: 'DEP-001',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
