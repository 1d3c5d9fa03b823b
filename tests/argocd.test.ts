import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import type { Finding } from '../scripts/lib/findings.js';
import { validate } from '../scripts/lib/validate/run.js';
import { editWith as edit, repoCopy, ROOT, runScript } from './helpers.js';

type Obj = Record<string, any>;

describe('npm run appsets', () => {
  it(
    '--format json lists exactly the environments on their clusters and ' + 'one cluster-level Application per cluster',
    async () => {
      const result = await runScript('appsets', ['--format', 'json']);
      expect(result.code, result.stderr).toBe(0);
      const apps = JSON.parse(result.stdout) as Obj[];
      // Each site's Argo CD deploys in-cluster; which site runs an Application is the target's cluster (npm run
      // render).
      const summary = apps.map((a) => [
        a.metadata.name,
        a.spec.destination.server,
        a.spec.destination.namespace,
        a.spec.source.path,
        a.spec.project,
      ]);
      const IN = 'https://kubernetes.default.svc';
      expect(summary).toEqual([
        ['zarish-his-cluster-chittagong', IN, 'kube-system', 'clusters/chittagong', 'zarish-his-platform'],
        ['zarish-his-cluster-dhaka', IN, 'kube-system', 'clusters/dhaka', 'zarish-his-platform'],
        ['zarish-his-dev', IN, 'zarish-his-dev', 'overlays/dev', 'zarish-his-dev'],
        ['zarish-his-dr', IN, 'zarish-his-dr', 'overlays/dr', 'zarish-his-dr'],
        ['zarish-his-prod', IN, 'zarish-his-prod', 'overlays/prod', 'zarish-his-prod'],
        ['zarish-his-staging', IN, 'zarish-his-staging', 'overlays/staging', 'zarish-his-staging'],
      ]);
      const pipeline = await loadPipeline(ROOT);
      expect(pipeline.targets.map((t) => [t.name, t.cluster, t.application?.instance])).toEqual([
        ['zarish-his-bootstrap-chittagong', 'chittagong', 'chittagong'],
        ['zarish-his-bootstrap-dhaka', 'dhaka', 'dhaka'],
        ['zarish-his-cluster-chittagong', 'chittagong', 'chittagong'],
        ['zarish-his-cluster-dhaka', 'dhaka', 'dhaka'],
        ['zarish-his-dev', 'dhaka', 'dhaka'],
        ['zarish-his-dr', 'chittagong', 'chittagong'],
        ['zarish-his-prod', 'dhaka', 'dhaka'],
        ['zarish-his-staging', 'dhaka', 'dhaka'],
      ]);
      for (const app of apps) {
        expect(app.metadata.namespace).toBe('argocd');
        // preserveResourcesOnDeletion: the controller adds no deletion finalizer.
        expect(app.metadata.finalizers).toBeUndefined();
        expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      }
    },
  );

  it('--format table and yaml work; a bad format is a usage error', async () => {
    const table = await runScript('appsets', []);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+PROJECT\s+CLUSTER\s+NAMESPACE\s+PATH/);
    expect((await runScript('appsets', ['--format', 'yaml'])).stdout).toContain('kind: Application');
    const bad = await runScript('appsets', ['--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format xml');
  });

  it(
    'an ApplicationSet the controller cannot generate is reported (exit ' + '1), and the other sets still render',
    async () => {
      const root = await repoCopy();
      await edit(root, 'argocd/base/applicationsets/clusters.yaml', (t) =>
        t.replace('zarish-his-cluster-{{ .metadata.name }}', 'zarish-his-cluster-{{ .metadata.nickname }}'),
      );
      const result = await runScript('appsets', ['--format', 'json', '--root', root]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('ApplicationSet "zarish-his-clusters"');
      expect(result.stderr).toContain('nickname');
      const names = (JSON.parse(result.stdout) as Obj[]).map((a) => a.metadata.name);
      expect(names).toContain('zarish-his-prod');
      expect(names.some((n: string) => n.startsWith('zarish-his-cluster-'))).toBe(false);
    },
  );

  it('moving an environment in clusters/ moves its Application and its deploy target, with no other edit', async () => {
    const root = await repoCopy();
    await edit(root, 'clusters/dhaka/cluster.yaml', (t) =>
      t.replace('environments: [dev, staging, prod]', 'environments: [dev, prod]'),
    );
    await edit(root, 'clusters/chittagong/cluster.yaml', (t) =>
      t.replace('environments: [dr]', 'environments: [staging, dr]'),
    );
    const result = await runScript('appsets', ['--format', 'json', '--root', root]);
    expect(result.code, result.stderr).toBe(0);
    const staging = (JSON.parse(result.stdout) as Obj[]).find((a) => a.metadata.name === 'zarish-his-staging');
    expect(staging?.spec.destination.server).toBe('https://kubernetes.default.svc');
    const pipeline = await loadPipeline(root);
    const target = pipeline.targets.find((t) => t.name === 'zarish-his-staging');
    expect([target?.cluster, target?.path, target?.kubernetesVersion, target?.application?.instance]).toEqual([
      'chittagong',
      'overlays/staging',
      '1.35',
      'chittagong',
    ]);
  });
});

describe('argocd checks', () => {
  let defects: Finding[];
  const only = (ruleId: string): Finding[] => defects.filter((f) => f.ruleId === ruleId);

  beforeAll(async () => {
    const root = await repoCopy();
    // ARGO-002: the dev project no longer allows the Namespace its overlay renders.
    await edit(root, 'argocd/base/projects/environments.yaml', (t) =>
      t.replace(
        '  clusterResourceWhitelist:\n    - group: ""\n      kind: Namespace\n ' +
          ' orphanedResources:\n    warn: true\n---',
        '  clusterResourceWhitelist: []\n  orphanedResources:\n    warn: true\n---',
      ),
    );
    // ARGO-004: a sync wave that is not a number.
    await edit(root, 'argocd/base/projects/platform.yaml', (t) =>
      t.replace(
        '  name: zarish-his-platform\n',
        '  name: zarish-his-platform\n  annotations:\n    argocd.argoproj.io/sync-wave: first\n',
      ),
    );
    // ARGO-007: a cluster registration in Dhaka's Argo CD that disagrees with clusters/ about Chittagong's API server.
    await writeFile(
      path.join(root, 'argocd/dhaka/cluster-chittagong.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-chittagong\n ' +
        ' labels:\n    argocd.argoproj.io/secret-type: cluster\ntype: ' +
        'Opaque\nstringData:\n  name: chittagong\n  server: ' +
        'https://ctg.example.com:6443\n',
    );
    await edit(root, 'argocd/dhaka/kustomization.yaml', (t) =>
      t.replace('  - ../base\n', '  - ../base\n  - cluster-chittagong.yaml\n'),
    );
    // ARGO-008: HPA-owned replicas no longer ignored.
    await edit(root, 'argocd/base/applicationsets/environments.yaml', (t) =>
      t.replace(/ {6}# The HorizontalPodAutoscalers own[\s\S]*$/, ''),
    );
    // ARGO-005: dev renders a cluster-scoped StorageClass that the Dhaka cluster Application also owns.
    await writeFile(
      path.join(root, 'overlays/dev/storageclass.yaml'),
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast-ssd\nprovisioner: ebs.csi.aws.com\n',
    );
    await edit(root, 'overlays/dev/kustomization.yaml', (t) =>
      t.replace('resources:\n', 'resources:\n  - storageclass.yaml\n'),
    );
    // ARGO-003 and ARGO-001: an ApplicationSet without missingkey=error whose template uses a
    // parameter no generator provides, and writes a field Application does not have.
    await cp(path.join(ROOT, 'tests/fixtures/argocd/extra-appset.yaml'), path.join(root, 'argocd/dhaka/extra.yaml'));
    await edit(root, 'argocd/dhaka/kustomization.yaml', (t) =>
      t.replace('  - ../base\n', '  - ../base\n  - extra.yaml\n'),
    );
    // ARGO-006: dr no longer comes from the environments ApplicationSet but from its own.
    await edit(root, 'clusters/chittagong/cluster.yaml', (t) => t.replace('environments: [dr]', 'environments: []'));
    const envs = await readFile(path.join(ROOT, 'argocd/base/applicationsets/environments.yaml'), 'utf8');
    await writeFile(
      path.join(root, 'argocd/chittagong/dr.yaml'),
      envs
        .replace('name: zarish-his-environments', 'name: zarish-his-dr')
        .replace(
          / {2}generators:[\s\S]*? {2}syncPolicy:/,
          '  generators:\n    - list:\n        elements:\n          - ' +
            'environment: dr\n            metadata: {name: chittagong}\n           ' +
            ' spec: {role: dr, server: ' +
            '"https://chittagong.k8s.zarishsphere.com:6443"}\n  syncPolicy:',
        ),
    );
    await edit(root, 'argocd/chittagong/kustomization.yaml', (t) =>
      t.replace('  - ../base\n', '  - ../base\n  - dr.yaml\n'),
    );
    defects = (await validate({ root, paths: [], groups: new Set(['argocd']), writeRendered: false })).findings.filter(
      (f) => !f.waived,
    );
  }, 180_000);

  it('ARGO-002: a project that does not allow a cluster-scoped kind the Application renders', () => {
    const f = only('ARGO-002').find((x) => x.unit === 'zarish-his-dev' && x.resource?.kind === 'Namespace');
    expect(f?.message).toContain('does not allow');
    expect([f?.file, f?.line]).toEqual(['base/namespace/namespace.yaml', expect.any(Number)]);
  });

  it('ARGO-004: a sync-wave that is not an integer', () => {
    // argocd/base is in both sites' Argo CD: one finding per instance, at the same line.
    expect(only('ARGO-004').map((f) => [f.unit, f.resource?.name, f.file, f.line, f.path])).toEqual(
      ['zarish-his-bootstrap-chittagong', 'zarish-his-bootstrap-dhaka'].map((unit) => [
        unit,
        'zarish-his-platform',
        'argocd/base/projects/platform.yaml',
        8,
        'metadata.annotations["argocd.argoproj.io/sync-wave"]',
      ]),
    );
  });

  it('ARGO-007: a cluster Secret whose server differs from clusters/<name>/cluster.yaml', () => {
    expect(only('ARGO-007').map((f) => [f.resource?.name, f.file, f.line])).toEqual([
      ['cluster-chittagong', 'argocd/dhaka/cluster-chittagong.yaml', 10],
    ]);
  });

  it('ARGO-008: HPA-scaled workloads without ignoreDifferences on /spec/replicas', () => {
    const names = only('ARGO-008')
      .map((f) => f.resource?.name)
      .sort();
    expect(names).toEqual(['zarish-his-dev', 'zarish-his-prod', 'zarish-his-staging']);
    for (const f of only('ARGO-008'))
      expect([f.file, f.severity]).toEqual(['argocd/base/applicationsets/environments.yaml', 'warning']);
  });

  it('ARGO-005: a resource two Applications deploy to the same cluster', () => {
    const f = only('ARGO-005');
    expect(f.map((x) => [x.resource?.kind, x.resource?.name, x.unit, x.file, x.line, x.path])).toEqual([
      ['StorageClass', 'fast-ssd', 'zarish-his-dev', 'overlays/dev/storageclass.yaml', 4, 'metadata.name'],
    ]);
    expect(f[0]?.message).toMatch(
      /zarish-his-cluster-dhaka and zarish-his-dev|zarish-his-dev and zarish-his-cluster-dhaka/,
    );
  });

  it('ARGO-003: a template parameter no generator provides', () => {
    expect(only('ARGO-003').map((f) => [f.resource?.name, f.file, f.path])).toEqual([
      ['extra-records', 'argocd/dhaka/extra.yaml', 'metadata.annotations.owner'],
    ]);
    expect(only('ARGO-003')[0]?.line).toBe(17);
  });

  it('ARGO-001: a generated Application that is not schema-valid', () => {
    const f = only('ARGO-001');
    expect(f.map((x) => [x.resource?.name, x.file, x.line, x.path])).toEqual([
      ['extra-records', 'argocd/dhaka/extra.yaml', 30, 'spec.syncPolicy.automated.selfHeall'],
    ]);
  });

  it('ARGO-006: prod and dr generated by different ApplicationSets', () => {
    const f = only('ARGO-006');
    expect(f).toHaveLength(1);
    // Reported on the dr Application, in the template of the ApplicationSet that generates it.
    expect([f[0]?.resource?.name, f[0]?.file, f[0]?.path]).toEqual([
      'zarish-his-dr',
      'argocd/chittagong/dr.yaml',
      'spec',
    ]);
    expect(f[0]?.line).toBeGreaterThan(10);
    expect(f[0]?.message).toContain('zarish-his-environments');
    expect(f[0]?.message).toContain('zarish-his-dr');
  });

  it('the repo itself has no argocd findings', async () => {
    const clean = await validate({ root: ROOT, paths: [], groups: new Set(['argocd']), writeRendered: false });
    expect(
      clean.findings
        .filter((f) => !f.waived && f.severity !== 'info')
        .map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`),
    ).toEqual([]);
  });
});
