import { deployment as webDeployment } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['REF-13-network-policy-coverage'].map(fixture);

const policy = (name: string, spec: string, namespace = 'lab'): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n` +
  `  namespace: ${namespace}\nspec:\n${spec}`;

const DENY_ALL = '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';

const deployment = webDeployment('      containers: [{name: app, image: registry.example.org/web:1.0.0}]\n', {
  metadata: ['namespace: lab'],
});

const cnpg = (instances: number): string =>
  `apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\n  namespace: data\n` +
  `spec:\n  instances: ${instances}\n`;

const docs = (...parts: string[]): string => parts.join('---\n');

const valid: RuleCase[] = [
  {
    name: 'deny-by-default-types',
    yaml: docs(
      deployment,
      // Ingress only by default; egress rules written make it Ingress and Egress, but then they allow egress
      policy('deny-in', '  podSelector: {}\n'),
      policy('deny-out', '  podSelector: {matchLabels: {}, matchExpressions: []}\n  policyTypes: [Egress]\n'),
    ),
  },
  // an operator resource with no pods opens no namespace
  { name: 'no-operator-pods', yaml: cnpg(0) },
];

const invalid: RuleCase[] = [
  {
    name: 'egress-rules-are-no-deny',
    yaml: docs(deployment, policy('deny-in', '  podSelector: {}\n  egress: [{to: []}]\n')),
    expect: [
      { line: 5, path: 'metadata.namespace', message: 'namespace lab has no default-deny NetworkPolicy for Egress:' },
    ],
  },
  {
    name: 'selector-not-empty-and-ingress-rules',
    yaml: docs(
      deployment,
      policy('allow-web', `  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n`),
      policy('allow-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n'),
    ),
    expect: [
      {
        line: 5,
        path: 'metadata.namespace',
        message:
          'for Ingress: pods not selected by an allow policy are open in that direction; expected a ' +
          'NetworkPolicy with podSelector {} and policyTypes [Ingress] and no ingress rules',
      },
    ],
  },
  {
    name: 'operator-namespace-and-unselected-pods',
    yaml: docs(
      cnpg(2),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n',
      deployment,
      policy('other', '  podSelector: {matchLabels: {app: api}}\n'),
      policy('elsewhere', DENY_ALL, 'other'),
    ),
    expect: [
      { line: 12, path: 'metadata.name', resource: 'Namespace/data', message: 'namespace data has no default-deny' },
      { line: 18, path: 'metadata.namespace', message: 'namespace lab has no default-deny' },
      {
        line: 22,
        path: 'spec.template.metadata.labels',
        message: 'no NetworkPolicy in namespace lab selects its pods (policies here: other)',
      },
    ],
  },
];

export default {
  rule: 'REF-13',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
