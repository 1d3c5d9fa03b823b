import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-04-image-policy'].map(fixture);

export default {
  rule: 'SEC-H-04',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
