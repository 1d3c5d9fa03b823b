import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-007-enum', 'SCH-007-int-or-string', 'SCH-007-missing-required', 'SCH-007-wrong-type'].map(
  fixture,
);

export default {
  rule: 'SCH-007',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
