import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['ARGO-009-appset-generation'].map(fixture);

export default {
  rule: 'ARGO-009',
  valid: [
    ...fixtures.map((f) => f.valid),
    // without Argo CD's model (argo undefined) nothing is generated, nothing is reported
    {
      name: 'no-argo-context',
      fixture: 'tests/fixtures/rules/ARGO-009-appset-generation/fail.yaml',
    },
  ],
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
