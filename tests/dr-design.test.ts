/**
 * The dr rule group proves the DR design from the rendered output alone: each defect of issue 12,
 * put back into a copy of the repo, is found (rule id, resource, file, field), and the repo as it is
 * has none (tests/validate-repo.test.ts: 0 errors).
 */
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/findings.js';
import { checkToken, TOKEN_FIELDS } from '../scripts/lib/dr/transition.js';
import { validate } from '../scripts/lib/validate/run.js';
import { editWith as edit, repoCopy, ROOT } from './helpers.js';

const drFindings = async (root: string): Promise<Finding[]> =>
  (await validate({ root, paths: [], groups: new Set(['dr']), writeRendered: false })).findings.filter(
    (f) => !f.waived && f.severity === 'error',
  );
const where = (f: Finding) => [f.ruleId, f.unit, `${f.resource?.kind}/${f.resource?.name}`, f.file, f.path];

const token = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64');
const FULL = {
  latestCheckpointTimelineID: '1',
  redoWalFile: '000000010000000000000004',
  databaseSystemIdentifier: '7300000000000000001',
  latestCheckpointREDOLocation: '0/4000028',
  timeOfLatestCheckpoint: 'Mon 30 Nov 2026 10:00:00 PM UTC',
  operatorVersion: '1.30.0',
};

describe('promotion tokens (CloudNativePG 1.30 PgControldataTokenContent.IsValid)', () => {
  it('needs standard base64 of a JSON object with every pg_controldata field non-empty', () => {
    expect(checkToken(token(FULL))).toBeUndefined();
    expect(checkToken(token({ latestCheckpointTimelineID: '1' }))).toContain(
      'lacks the pg_controldata fields redoWalFile, databaseSystemIdentifier, latestCheckpointREDOLocation, ' +
        'timeOfLatestCheckpoint, operatorVersion',
    );
    expect(checkToken(token({ ...FULL, operatorVersion: '' }))).toMatch(
      /lacks the pg_controldata field operatorVersion/,
    );
    expect(checkToken(token({ ...FULL, latestCheckpointTimelineID: 1 }))).toMatch(
      /latestCheckpointTimelineID is not a string/,
    );
    expect(checkToken(token([1]))).toMatch(/JSON object/);
    expect(checkToken('not base64!')).toMatch(/base64/);
    // unpadded: Go's StdEncoding refuses it
    expect(checkToken(token(FULL).replace(/=+$/, ''))).toMatch(/standard base64/);
    expect(TOKEN_FIELDS).toHaveLength(6);
  });
});

describe('dr group: each defect of issue 12 reintroduced is found', () => {
  let a: Finding[];
  let b: Finding[];

  beforeAll(async () => {
    // Copy A: the control plane, secrets path, certificates, alerting, and a replica bootstrapped by initdb.
    const ra = await repoCopy();
    // One Argo CD on Dhaka deploying to both clusters (the layout before): Chittagong hosts none.
    await edit(ra, 'clusters/chittagong/cluster.yaml', (t) => t.replace('hostsArgoCD: true', 'hostsArgoCD: false'));
    await rm(path.join(ra, 'argocd/chittagong'), { recursive: true });
    await edit(ra, 'argocd/dhaka/kustomization.yaml', (t) =>
      t.replaceAll('value: clusters/dhaka/cluster.yaml', 'value: clusters/*/cluster.yaml'),
    );
    for (const f of ['argocd/base/applicationsets/environments.yaml', 'argocd/base/applicationsets/clusters.yaml'])
      await edit(ra, f, (t) => t.replace('server: https://kubernetes.default.svc', 'server: "{{ .spec.server }}"'));
    // Both sites at one Vault Kubernetes auth mount.
    await edit(ra, 'overlays/dr/patches/secretstore.yaml', (t) =>
      t.replace('          mountPath: kubernetes-chittagong\n', ''),
    );
    // HTTP-01 for the hosts both sites serve.
    await cp(
      path.join(ROOT, 'tests/fixtures/dr/defects/issuer-http01.yaml'),
      path.join(ra, 'base/cluster/clusterissuers.yaml'),
    );
    // No probes of Dhaka from Chittagong; the lag alert reads the lag only.
    await edit(ra, 'clusters/chittagong/kustomization.yaml', (t) => t.replace('  - dr-probes\n', ''));
    await edit(ra, 'base/monitoring/prometheusrule.yaml', (t) =>
      t.replace(
        /expr: \|\n {12}cnpg_pg_replication_lag > 300\n[\s\S]*?wal_receiver_up == 0\)\n/,
        'expr: cnpg_pg_replication_lag > 300\n',
      ),
    );
    // Dhaka written as a replica of chittagong but still bootstrapped by initdb (the old failover).
    await edit(ra, 'components/postgres-distributed/cluster.yaml', (t) =>
      t.replace('    primary: dhaka\n', '    primary: chittagong\n'),
    );
    a = await drFindings(ra);

    // Copy B: the PostgreSQL members.
    const rb = await repoCopy();
    // No CA secrets: each Cluster signs with its own generated CA.
    await edit(rb, 'components/postgres-distributed/cluster.yaml', (t) =>
      t.replace('    serverCASecret: postgres-ca\n    clientCASecret: postgres-ca\n', ''),
    );
    // dr's pg_basebackup without database, owner or secret.
    await edit(rb, 'overlays/dr/patches/postgres.yaml', (t) =>
      t.replace(
        '      database: zarish_his\n      owner: zarish\n      secret:\n        name: postgres-credentials\n',
        '',
      ),
    );
    // A re-created Dhaka keeping serverName dhaka (its archive already holds the old generation's WAL).
    await edit(rb, 'components/postgres-distributed/cluster.yaml', (t) =>
      t.replace(
        '  name: postgres-cluster\n',
        '  name: postgres-cluster\n  annotations:\n    his.zarishsphere.com/retired-server-names: dhaka\n',
      ),
    );
    // A promotion token without the pg_controldata fields.
    await edit(rb, 'components/postgres-distributed/cluster.yaml', (t) =>
      t.replace(
        '    source: chittagong\n',
        `    source: chittagong\n    promotionToken: ${token({ hello: 'world' })}\n`,
      ),
    );
    b = await drFindings(rb);
  }, 300_000);

  it("DR-002: Chittagong run by Dhaka's Argo CD (no control plane of its own)", () => {
    const f = a.filter((x) => x.ruleId === 'DR-002');
    expect(f.map((x) => x.resource?.name).sort()).toEqual(['zarish-his-cluster-chittagong', 'zarish-his-dr']);
    const dr = f.find((x) => x.resource?.name === 'zarish-his-dr');
    expect([dr?.file, dr?.path]).toEqual(['argocd/base/applicationsets/environments.yaml', 'spec.destination']);
    expect(dr?.message).toMatch(/run by dhaka's Argo CD.*a failover never reaches it/);
  });

  it('DR-003: both sites log in at the same Vault Kubernetes auth mount', () => {
    const f = a.filter((x) => x.ruleId === 'DR-003');
    expect(f.map(where)).toContainEqual([
      'DR-003',
      'zarish-his-dr',
      'SecretStore/vault-backend',
      'base/secrets/secretstore.yaml',
      'spec.provider.vault.auth.kubernetes.mountPath',
    ]);
    expect(f[0]?.message).toMatch(/used by clusters chittagong and dhaka/);
  });

  it('DR-004: the certificate of the hosts both sites serve is solved by HTTP-01', () => {
    const f = a.filter((x) => x.ruleId === 'DR-004');
    expect(f.map(where).sort()).toEqual([
      [
        'DR-004',
        'zarish-his-cluster-chittagong',
        'ClusterIssuer/letsencrypt-prod',
        'base/cluster/clusterissuers.yaml',
        'spec.acme.solvers[0]',
      ],
      [
        'DR-004',
        'zarish-his-cluster-dhaka',
        'ClusterIssuer/letsencrypt-prod',
        'base/cluster/clusterissuers.yaml',
        'spec.acme.solvers[0]',
      ],
    ]);
    expect(f[0]?.message).toMatch(/HTTP-01/);
  });

  it('DR-005: no probe of Dhaka from Chittagong, no trigger that can fire, and a lag-only replication alert', () => {
    const f = a.filter((x) => x.ruleId === 'DR-005');
    expect(
      f.some((x) => x.unit === 'zarish-his-dr' && /nothing on chittagong probes dhaka's API server/.test(x.message)),
    ).toBe(true);
    expect(
      f.some(
        (x) =>
          x.unit === 'zarish-his-dr' &&
          /no dr_trigger alert evaluated on chittagong reads probe_success/.test(x.message),
      ),
    ).toBe(true);
    const lag = f.filter((x) => /reads cnpg_pg_replication_lag only/.test(x.message));
    expect(lag.map(where).sort()).toEqual(
      ['zarish-his-dev', 'zarish-his-dr', 'zarish-his-prod', 'zarish-his-staging'].map((unit) => [
        'DR-005',
        unit,
        'PrometheusRule/zarish-his-alerts',
        'base/monitoring/prometheusrule.yaml',
        'spec.groups[1].rules[1].expr',
      ]),
    );
  });

  it('DR-007: Dhaka as a replica still bootstrapped by initdb', () => {
    const f = a.filter((x) => x.ruleId === 'DR-007');
    expect(f.map(where)).toEqual([
      ['DR-007', 'zarish-his-prod', 'Cluster/postgres-cluster', 'base/postgres/cluster.yaml', 'spec.bootstrap.initdb'],
    ]);
    expect(f[0]?.message).toMatch(/compatible only with pg_basebackup or recovery/);
  });

  it('DR-006: no member sets the shared CA secrets', () => {
    const f = b.filter((x) => x.ruleId === 'DR-006');
    expect(f.map(where).sort()).toEqual([
      [
        'DR-006',
        'zarish-his-dr',
        'Cluster/postgres-cluster',
        'components/postgres-distributed/cluster.yaml',
        'spec.certificates',
      ],
      [
        'DR-006',
        'zarish-his-prod',
        'Cluster/postgres-cluster',
        'components/postgres-distributed/cluster.yaml',
        'spec.certificates',
      ],
    ]);
  });

  it("DR-007: dr's pg_basebackup without prod's database, owner and secret", () => {
    const f = b.filter((x) => x.ruleId === 'DR-007');
    // (located at the resource file: the source tracer does not follow JSON 6902 patches, which
    // overlays/dr/patches/postgres.yaml is)
    expect(f.map(where)).toEqual([
      [
        'DR-007',
        'zarish-his-dr',
        'Cluster/postgres-cluster',
        'base/postgres/cluster.yaml',
        'spec.bootstrap.pg_basebackup',
      ],
    ]);
    expect(f[0]?.message).toMatch(/database \(none\), owner \(none\), secret \(none\)/);
  });

  it('DR-008: a re-created member keeping the serverName its old generation archived under', () => {
    const f = b.filter((x) => x.ruleId === 'DR-008');
    expect(f.map(where)).toEqual([
      [
        'DR-008',
        'zarish-his-prod',
        'Cluster/postgres-cluster',
        'components/postgres-distributed/cluster.yaml',
        'spec.plugins[0].parameters.serverName',
      ],
    ]);
  });

  it('DR-009: a promotion token without the pg_controldata fields', () => {
    const f = b.filter((x) => x.ruleId === 'DR-009');
    expect(f.map(where)).toContainEqual([
      'DR-009',
      'zarish-his-prod',
      'Cluster/postgres-cluster',
      'components/postgres-distributed/cluster.yaml',
      'spec.replica.promotionToken',
    ]);
  });

  it('nothing else: each copy has only the findings of its defects', () => {
    expect([...new Set(a.map((x) => x.ruleId))].sort()).toEqual(['DR-002', 'DR-003', 'DR-004', 'DR-005', 'DR-007']);
    expect([...new Set(b.map((x) => x.ruleId))].sort()).toEqual(['DR-006', 'DR-007', 'DR-008', 'DR-009']);
  });
});
