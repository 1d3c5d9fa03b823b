import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-05-rbac'].map(fixture);

const role = (rules: string, kind = 'Role', apiVersion = 'rbac.authorization.k8s.io/v1'): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: r\nrules:\n${rules}`;

const binding = (kind: string, roleRef: string): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n` +
  `roleRef: {${roleRef}}\nsubjects: []\n`;

const valid: RuleCase[] = [
  {
    name: 'narrow-rules',
    yaml: [
      role(
        '  - {apiGroups: [apps], resources: [secrets, pods/exec], verbs: [get]}\n' +
          "  - {apiGroups: [''], resources: [pods/exec], verbs: []}\n",
      ),
      role('  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}\n', 'Role', 'example.org/v1'),
      binding('RoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit'),
      binding('RoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin'),
      binding('ClusterRoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view'),
    ].join('---\n'),
  },
];

const invalid: RuleCase[] = [
  {
    name: 'wildcards-and-reads',
    yaml: role(
      "  - {apiGroups: ['*'], resources: ['*'], verbs: ['*']}\n" +
        "  - {apiGroups: [''], resources: [secrets, pods/attach], verbs: [get, list, patch], resourceNames: [db]}\n",
      'ClusterRole',
    ),
    expect: [
      {
        line: 6,
        path: 'rules[0].apiGroups[0]',
        message: 'ClusterRole rule 0 grants "*" in apiGroups (every API group,',
      },
      { line: 6, path: 'rules[0].resources[0]', message: 'grants "*" in resources (every resource,' },
      { line: 6, path: 'rules[0].verbs[0]', message: 'grants "*" in verbs (every verb,' },
      {
        line: 7,
        path: 'rules[1].resources[0]',
        severity: 'warning',
        message: 'ClusterRole rule 1 can read Secrets (get, list, limited by resourceNames)',
      },
      { line: 7, path: 'rules[1].resources[1]', severity: 'warning', message: 'grants pods/attach' },
    ],
  },
  {
    name: 'bindings',
    yaml: [
      binding('RoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin'),
      binding('ClusterRoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin'),
      binding('ClusterRoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit'),
    ].join('---\n'),
    expect: [
      {
        line: 5,
        path: 'roleRef.name',
        message: 'RoleBinding grants cluster-admin (full control of the namespace, including its RBAC)',
      },
      {
        line: 12,
        path: 'roleRef.name',
        message: 'ClusterRoleBinding grants cluster-admin (full control of the cluster)',
      },
      { line: 19, path: 'roleRef.name', message: 'ClusterRoleBinding grants ClusterRole edit in every namespace' },
    ],
  },
];

export default {
  rule: 'SEC-H-05',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
