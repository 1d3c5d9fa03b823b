import { fixture, type RuleTable } from '../tester.js';

const fixtures = [
  'SCH-008-cnpg-cluster-typo',
  'SCH-008-container-typo',
  'SCH-008-cr-top-level',
  'SCH-008-metadata-lables',
  'SCH-008-port-item',
  'SCH-008-probe-at-pod-level',
  'SCH-008-spec-replica',
  'SCH-008-strimzi-template',
  'SCH-008-top-level-spce',
].map(fixture);

export default {
  rule: 'SCH-008',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
