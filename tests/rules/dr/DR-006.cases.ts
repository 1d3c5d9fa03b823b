import type { RuleCase, RuleTable } from '../tester.js';

interface Member {
  self: string;
  server?: string | null;
  client?: string | null;
  rootCert?: string;
  /** the remote key the CA ExternalSecret reads */
  key?: string | null;
}

const member = (m: Member): string => {
  const server = m.server === undefined ? 'postgres-ca' : m.server;
  const client = m.client === undefined ? 'postgres-ca' : m.client;
  const certificates = [server && `    serverCASecret: ${server}`, client && `    clientCASecret: ${client}`]
    .filter(Boolean)
    .join('\n');
  const other = m.self === 'dhaka' ? 'chittagong' : 'dhaka';
  const cluster = `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: postgres
spec:
  instances: 2
  certificates:
${certificates || '    {}'}
  replica:
    self: ${m.self}
    primary: dhaka
    source: ${other}
  externalClusters:
    - name: ${other}
      connectionParameters: {host: postgres-${other}.example.org}
      sslRootCert: {name: ${m.rootCert ?? 'postgres-ca'}, key: ca.crt}
`;
  const key = m.key === undefined ? 'zarish-his/postgres-ca' : m.key;
  if (key === null) return cluster;
  return `${cluster}---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: postgres-ca
spec:
  secretStoreRef: {name: vault, kind: SecretStore}
  data:
    - secretKey: ca.crt
      remoteRef: {key: ${key}, property: crt}
`;
};

const members = (name: string, dhaka: Member, chittagong: Member): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': member(dhaka) } },
    { name: 'zarish-his-dr', environment: 'dr', files: { 'dr.yaml': member(chittagong) } },
  ],
});

export default {
  rule: 'DR-006',
  valid: [
    members('shared-ca', { self: 'dhaka' }, { self: 'chittagong' }),
    // one member alone has nobody to replicate with
    { name: 'one-member', yaml: member({ self: 'dhaka', server: null, client: null }) },
    members('ca-as-secret', { self: 'dhaka', key: null }, { self: 'chittagong', key: null }),
  ].map((c) =>
    c.name === 'ca-as-secret'
      ? {
          ...c,
          units: c.units?.map((u) => ({
            ...u,
            files: Object.fromEntries(
              Object.entries(u.files).map(([f, t]) => [
                f,
                `${t}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: postgres-ca\ndata:\n  ca.crt: Y2E=\n`,
              ]),
            ),
          })),
        }
      : c,
  ),
  invalid: [
    {
      ...members('no-ca-secrets', { self: 'dhaka', server: null, client: null }, { self: 'chittagong', client: null }),
      expect: [
        { file: 'dr.yaml', line: 7, path: 'spec.certificates', message: 'member chittagong sets no clientCASecret:' },
        {
          file: 'prod.yaml',
          line: 7,
          path: 'spec.certificates',
          resource: 'Cluster/postgres',
          message: 'member dhaka sets no serverCASecret and clientCASecret',
        },
      ],
    },
    {
      ...members('client-ca-differs', { self: 'dhaka', client: 'other-ca' }, { self: 'chittagong' }),
      expect: [
        { file: 'prod.yaml', line: 9, path: 'spec.certificates.clientCASecret', message: 'clientCASecret other-ca' },
      ],
    },
    {
      ...members('verifies-with-another-ca', { self: 'dhaka' }, { self: 'chittagong', rootCert: 'old-ca' }),
      expect: [
        {
          file: 'dr.yaml',
          line: 17,
          path: 'spec.externalClusters[0].sslRootCert.name',
          message: 'member chittagong verifies dhaka with old-ca',
        },
      ],
    },
    {
      ...members('ca-not-produced', { self: 'dhaka' }, { self: 'chittagong', key: null }),
      expect: [
        {
          file: 'dr.yaml',
          line: 8,
          path: 'spec.certificates.serverCASecret',
          message: 'nothing in zarish-his-dr produces the CA secret postgres-ca',
        },
      ],
    },
    {
      ...members('ca-from-other-keys', { self: 'dhaka' }, { self: 'chittagong', key: 'zarish-his-dr/postgres-ca' }),
      expect: [
        {
          file: 'dr.yaml',
          line: 8,
          path: 'spec.certificates.serverCASecret',
          message: 'member chittagong reads its CA',
        },
        { file: 'prod.yaml', line: 8, path: 'spec.certificates.serverCASecret', message: 'member dhaka reads its CA' },
      ],
    },
  ],
} satisfies RuleTable;
