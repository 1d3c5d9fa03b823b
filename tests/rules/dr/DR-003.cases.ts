import type { RuleCase, RuleTable } from '../tester.js';

const store = (kind: string, mount: string | undefined, server = 'https://vault.example.org:8200'): string =>
  `apiVersion: external-secrets.io/v1
kind: ${kind}
metadata:
  name: vault
spec:
  provider:
    vault:
      server: ${server}
      path: secret
      auth:
        kubernetes:
          role: zarish-his${mount ? `\n          mountPath: ${mount}` : ''}
`;

const TARGETS = [
  { name: 'zarish-his-prod', cluster: 'dhaka', environment: 'prod' as const },
  { name: 'zarish-his-dr', cluster: 'chittagong', environment: 'dr' as const },
];

const sites = (name: string, prod: string, dr: string, targets = TARGETS): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': prod } },
    { name: 'zarish-his-dr', environment: 'dr', files: { 'dr.yaml': dr } },
  ],
  argo: { targets },
});

export default {
  rule: 'DR-003',
  valid: [
    sites(
      'one-mount-per-cluster',
      store('SecretStore', 'kubernetes-dhaka'),
      store('SecretStore', 'kubernetes-chittagong'),
    ),
    sites(
      'same-mount-other-vault',
      store('SecretStore', undefined),
      store('SecretStore', undefined, 'https://vault-dr.example.org:8200'),
    ),
    // both units on one cluster share its mount
    sites('same-cluster', store('SecretStore', undefined), store('SecretStore', undefined), [
      { name: 'zarish-his-prod', cluster: 'dhaka', environment: 'prod' },
      { name: 'zarish-his-dr', cluster: 'dhaka', environment: 'dr' },
    ]),
    // a unit Argo CD does not deploy has no cluster
    sites('not-deployed', store('SecretStore', undefined), store('SecretStore', undefined), TARGETS.slice(0, 1)),
    // not a Kubernetes auth login
    sites(
      'token-auth',
      store('SecretStore', undefined).replace('kubernetes:\n          role: zarish-his', 'tokenSecretRef: {name: t}'),
      store('SecretStore', undefined).replace('kubernetes:\n          role: zarish-his', 'tokenSecretRef: {name: t}'),
    ),
  ],
  invalid: [
    {
      ...sites('default-mount-shared', store('ClusterSecretStore', undefined), store('SecretStore', undefined)),
      expect: [
        {
          file: 'dr.yaml',
          line: 11,
          path: 'spec.provider.vault.auth.kubernetes',
          resource: 'SecretStore/vault',
          message: 'mount "kubernetes" on https://vault.example.org:8200 is used by clusters chittagong and dhaka',
        },
        {
          file: 'prod.yaml',
          line: 11,
          path: 'spec.provider.vault.auth.kubernetes',
          resource: 'ClusterSecretStore/vault',
          message: "so dhaka's ExternalSecrets can fail",
        },
      ],
    },
    {
      ...sites('written-mount-shared', store('SecretStore', 'k8s'), store('SecretStore', 'k8s')),
      expect: [
        { file: 'dr.yaml', line: 13, path: 'spec.provider.vault.auth.kubernetes.mountPath', message: '"k8s"' },
        { file: 'prod.yaml', line: 13, path: 'spec.provider.vault.auth.kubernetes.mountPath', message: '"k8s"' },
      ],
    },
  ],
} satisfies RuleTable;
