import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCH-009-object-meta'].map(fixture);

const meta = (kind: string, metadata: string, apiVersion = 'v1'): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${metadata}`;

const valid: RuleCase[] = [
  {
    name: 'names-by-kind',
    yaml: [
      meta('ClusterRole', '  name: system:aggregate-to-view\n', 'rbac.authorization.k8s.io/v1'),
      meta('ConfigMap', '  name: app.settings\n  namespace: lab\n  annotations: {example.org/a: x}\n'),
      meta('Pod', '  generateName: job-\n'),
    ].join('---\n'),
  },
];

const at = (line: number, path: string, message: string) => ({ line, path, message });

const invalid: RuleCase[] = [
  {
    name: 'bad-names',
    yaml: [
      meta('Role', '  name: a/b\n', 'rbac.authorization.k8s.io/v1'),
      meta('RoleBinding', '  name: ..\n', 'rbac.authorization.k8s.io/v1'),
      meta('ClusterRoleBinding', "  name: '.'\n", 'rbac.authorization.k8s.io/v1'),
      meta('Service', '  name: a.b\n'),
      meta('ConfigMap', '  name: ""\n'),
      meta('Secret', '  name: s\n  namespace: 5\n  annotations: {"bad key!": x}\n'),
      meta('Secret', '  name: t\n  namespace: Lab\n'),
    ].join('---\n'),
    expect: [
      at(4, 'metadata.name', `Role name "a/b" is not a valid Role name (no '/', not '.' or '..')`),
      at(9, 'metadata.name', 'RoleBinding name ".." is not a valid'),
      at(14, 'metadata.name', 'ClusterRoleBinding name "." is not a valid'),
      at(19, 'metadata.name', 'Service name'),
      at(23, 'metadata', 'metadata.name is missing'),
      at(30, 'metadata.namespace', 'namespace must be a string'),
      at(31, 'metadata.annotations["bad key!"]', 'annotation key "bad key!"'),
      at(37, 'metadata.namespace', 'namespace "Lab" is not a DNS-1123 label'),
    ],
  },
];

export default {
  rule: 'SCH-009',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
