import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['ARGO-002-path-cross-check'].map(fixture);

const project = (spec: string): string => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: services
  namespace: argocd
spec:
  sourceRepos: [https://github.com/example/gitops.git]
${spec}`;

const application = (
  destination = 'server: https://kubernetes.default.svc',
  namespace = 'svc-billing',
): string => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: billing
  namespace: argocd
spec:
  project: services
  source:
    repoURL: https://github.com/example/gitops.git
    targetRevision: HEAD
    path: apps/billing
  destination:
    ${destination}
    namespace: ${namespace}
`;

const DESTINATIONS = "  destinations:\n    - {server: https://kubernetes.default.svc, namespace: 'svc-*'}\n";

const doc = (apiVersion: string, kind: string, name: string, namespace?: string): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n` +
  (namespace ? `  namespace: ${namespace}\n` : '');

const deployed = (name: string, projectSpec: string, resources: string[], app = application()): RuleCase => ({
  name,
  units: [
    { name: 'argocd', files: { 'argocd.yaml': `${project(projectSpec)}---\n${app}` } },
    { name: 'billing', files: { 'billing.yaml': resources.join('---\n') } },
  ],
  argo: 'path',
});

const CM = doc('v1', 'ConfigMap', 'settings');

export default {
  rule: 'ARGO-002',
  valid: [
    ...fixtures.map((f) => f.valid),
    deployed(
      'everything-permitted',
      `${DESTINATIONS}  clusterResourceWhitelist: [{group: '', kind: Namespace}]\n` +
        "  namespaceResourceWhitelist: [{group: '', kind: ConfigMap}]\n",
      [doc('v1', 'Namespace', 'svc-billing'), CM, doc('v1', 'ConfigMap', 'other', 'svc-lab')],
    ),
    deployed(
      'destination-by-name',
      "  destinations:\n    - {name: dhaka, namespace: 'svc-*'}\n",
      [CM],
      application('name: dhaka'),
    ),
    // path mode without AppProjects among the files: nothing to cross-check
    { name: 'no-projects', yaml: application(), argo: 'path' },
    // without Argo CD's model (no argoproj documents) there is nothing to check
    { name: 'no-argo', yaml: CM },
  ],
  invalid: [
    ...fixtures.map((f) => f.invalid),
    {
      ...deployed(
        'destination-denied',
        "  destinations:\n    - {server: https://kubernetes.default.svc, namespace: 'lab-*'}\n",
        [1, 2, 3, 4, 5, 6].map((i) => doc('v1', 'ConfigMap', `c${i}`)).concat(doc('v1', 'Namespace', 'svc-billing')),
      ),
      // one finding per resource that cannot sync, all at the project's destinations (the reports
      // collapse them into one root cause)
      expect: [
        ...[1, 2, 3, 4, 5, 6].map((i) => ({
          file: 'argocd.yaml',
          line: 8,
          path: 'spec.destinations',
          resource: `ConfigMap/c${i}`,
          message:
            'project services does not allow destination https://kubernetes.default.svc namespace svc-billing of ' +
            `Application billing (expected it in the project's spec.destinations): ConfigMap c${i} cannot sync`,
        })),
        { file: 'billing.yaml', line: 32, path: 'kind', message: 'renders cluster-scoped Namespace' },
      ],
    },
    {
      ...deployed(
        'name-destination-denied',
        "  destinations:\n    - {server: https://kubernetes.default.svc, namespace: 'svc-*'}\n",
        [],
        application('name: dhaka'),
      ),
      expect: [
        {
          file: 'argocd.yaml',
          line: 8,
          path: 'spec.destinations',
          message:
            'does not allow destination dhaka namespace svc-billing of Application billing ' +
            "(expected it in the project's spec.destinations)",
        },
      ],
    },
    {
      ...deployed(
        'cluster-scoped-kinds',
        `${DESTINATIONS}  clusterResourceWhitelist: [{group: '*', kind: '*'}]\n` +
          '  clusterResourceBlacklist: [{group: rbac.authorization.k8s.io, kind: ClusterRole}]\n',
        [
          doc('rbac.authorization.k8s.io/v1', 'ClusterRole', 'a'),
          doc('rbac.authorization.k8s.io/v1', 'ClusterRole', 'b'),
          doc('v1', 'Namespace', 'svc-billing'),
        ],
      ),
      expect: [
        {
          file: 'billing.yaml',
          line: 2,
          path: 'kind',
          resource: 'ClusterRole/a',
          message: 'renders cluster-scoped ClusterRole, which project services does not allow',
        },
      ],
    },
    {
      ...deployed('other-namespace', DESTINATIONS, [CM, doc('v1', 'ConfigMap', 'x', 'kube-system')]),
      expect: [
        {
          file: 'billing.yaml',
          line: 10,
          path: 'metadata.namespace',
          message:
            'writes ConfigMap x into namespace kube-system, which project services does not allow ' +
            'on https://kubernetes.default.svc',
        },
      ],
    },
    {
      ...deployed(
        'namespaced-kinds',
        `${DESTINATIONS}  namespaceResourceWhitelist: [{group: '', kind: ConfigMap}, {group: '', kind: Secret}]\n` +
          "  namespaceResourceBlacklist: [{group: '', kind: Secret}]\n",
        [CM, doc('v1', 'Secret', 's'), doc('v1', 'Service', 'web')],
      ),
      expect: [
        {
          file: 'billing.yaml',
          line: 7,
          path: 'kind',
          resource: 'Secret/s',
          message: 'does not allow namespaced kind Secret',
        },
        {
          file: 'billing.yaml',
          line: 12,
          path: 'kind',
          resource: 'Service/web',
          message: 'does not allow namespaced kind Service',
        },
      ],
    },
  ],
} satisfies RuleTable;
