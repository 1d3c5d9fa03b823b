import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { renderTargets, type RenderedTarget } from '../scripts/lib/render.js';
import { findKustomize } from '../scripts/lib/kustomize.js';
import { repoCopy, ROOT, runScript } from './helpers.js';

type Obj = Record<string, any>;

let rendered: RenderedTarget[];
beforeAll(async () => {
  const pipeline = await loadPipeline(ROOT);
  rendered = await renderTargets(ROOT, pipeline.targets, pipeline.kustomize);
});

const byName = (name: string): RenderedTarget => {
  const r = rendered.find((t) => t.target.name === name);
  if (!r) throw new Error(`no target ${name}`);
  return r;
};
const objects = (name: string): Obj[] => byName(name).resources.map((r) => r.object as Obj);
const has = (objs: Obj[], kind: string, name?: string): boolean =>
  objs.some((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));

const SERVICES = ['patient-registry', 'billing-engine', 'doctor-portal', 'patient-app'];
const ENV_TARGETS = ['zarish-his-dev', 'zarish-his-staging', 'zarish-his-prod', 'zarish-his-dr'];

describe('npm run render', () => {
  it('builds dev, staging, prod on dhaka, dr on chittagong, and a cluster-level target per cluster', () => {
    // Targets are the Applications Argo CD would run: the bootstrap app of apps, and what the
    // ApplicationSets generate from clusters/*/cluster.yaml.
    expect(rendered.map((r) => [r.target.name, r.target.cluster, r.target.environment, r.target.path])).toEqual([
      ['zarish-his-bootstrap-chittagong', 'chittagong', 'argocd', 'argocd/chittagong'],
      ['zarish-his-bootstrap-dhaka', 'dhaka', 'argocd', 'argocd/dhaka'],
      ['zarish-his-cluster-chittagong', 'chittagong', 'cluster', 'clusters/chittagong'],
      ['zarish-his-cluster-dhaka', 'dhaka', 'cluster', 'clusters/dhaka'],
      ['zarish-his-dev', 'dhaka', 'dev', 'overlays/dev'],
      ['zarish-his-dr', 'chittagong', 'dr', 'overlays/dr'],
      ['zarish-his-prod', 'dhaka', 'prod', 'overlays/prod'],
      ['zarish-his-staging', 'dhaka', 'staging', 'overlays/staging'],
    ]);
  });

  describe.each(ENV_TARGETS)('%s contains every component of the platform', (name) => {
    it('the four services with all their resources', () => {
      const objs = objects(name);
      for (const svc of SERVICES) {
        for (const kind of [
          'Deployment',
          'Service',
          'ServiceAccount',
          'Role',
          'RoleBinding',
          'HorizontalPodAutoscaler',
          'PodDisruptionBudget',
          'ServiceMonitor',
        ]) {
          expect(
            objs.some((o) => o.kind === kind && String(o.metadata?.name).startsWith(svc)),
            `${kind} ${svc}`,
          ).toBe(true);
        }
        expect(has(objs, 'ConfigMap', `${svc}-config`), `ConfigMap ${svc}-config`).toBe(true);
        const deployment = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === svc) as Obj;
        const container = deployment.spec.template.spec.containers[0];
        expect(container.livenessProbe.httpGet.path).toBe('/health');
        expect(container.readinessProbe.httpGet.path).toBe('/ready');
        expect(container.resources.requests).toBeDefined();
        expect(container.resources.limits).toBeDefined();
        expect(deployment.spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
        const hpa = objs.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === svc) as Obj;
        expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
        expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBe(60);
      }
      expect(has(objs, 'Ingress')).toBe(true);
    });
    it('data, messaging, secrets, monitoring, network and quota', () => {
      const objs = objects(name);
      for (const kind of [
        'Namespace',
        'ResourceQuota',
        'LimitRange',
        'Cluster',
        'Pooler',
        'ScheduledBackup',
        'ObjectStore',
        'CronJob',
        'RedisCluster',
        'Kafka',
        'KafkaNodePool',
        'KafkaTopic',
        'SecretStore',
        'ExternalSecret',
        'PrometheusRule',
      ]) {
        expect(has(objs, kind), kind).toBe(true);
      }
      expect(objs.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(3);
      const deny = objs.find(
        (o) =>
          o.kind === 'NetworkPolicy' &&
          JSON.stringify(o.spec.podSelector) === '{}' &&
          !o.spec.ingress &&
          !o.spec.egress,
      );
      expect(deny, 'a default-deny NetworkPolicy').toBeDefined();
      expect(
        objs.some((o) => o.kind === 'Secret' && (o.data || o.stringData)),
        'no Secret with data',
      ).toBe(false);
      const ns = objs.find((o) => o.kind === 'Namespace') as Obj;
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });
  });

  it('each cluster-level target has the cluster config, storage classes and the DR plan', () => {
    for (const name of ['zarish-his-cluster-dhaka', 'zarish-his-cluster-chittagong']) {
      const objs = objects(name);
      expect(has(objs, 'ConfigMap', 'cluster-config'), `${name} cluster-config`).toBe(true);
      expect(has(objs, 'ConfigMap', 'disaster-recovery-plan'), `${name} DR plan`).toBe(true);
      for (const sc of ['fast-ssd', 'standard']) {
        const storageClass = objs.find((o) => o.kind === 'StorageClass' && o.metadata.name === sc) as Obj;
        expect(storageClass?.provisioner, `${name} ${sc}`).not.toMatch(/^kubernetes\.io\//);
      }
      expect(objs.some((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')).toBe(true);
    }
  });

  it('dr deploys exactly the image tags prod deploys', () => {
    const images = (name: string): string[] =>
      objects(name)
        .flatMap((o) => [
          ...(o.spec?.template?.spec?.containers ?? []),
          ...(o.spec?.jobTemplate?.spec?.template?.spec?.containers ?? []),
        ])
        .map((c: Obj) => String(c.image))
        .sort();
    expect(images('zarish-his-dr').length).toBeGreaterThan(4);
    expect(images('zarish-his-dr')).toEqual(images('zarish-his-prod'));
  });

  it('records the source manifest of every resource', () => {
    for (const r of rendered)
      for (const res of r.resources)
        expect(res.origin, `${r.target.name} ${String(res.object.kind)}`).toMatch(
          /^(base|components|overlays|clusters|argocd)\//,
        );
    for (const r of rendered) expect(r.text).not.toContain('config.kubernetes.io/origin');
  });

  // An independent oracle: `kustomize build <target path>` run here with execa (not through
  // scripts/lib/kustomize.ts, its cache or its bounded runner), compared with the files the CLI
  // writes. Fails if render changes kustomize's text in any way (reordering, dropping or
  // re-serialising a document), or if index.json miscounts a target's documents.
  it('writes rendered/<target>.yaml byte for byte as an independent ' +
    'kustomize build prints it, and index.json counts its documents', async () => {
    const { command, buildArgs } = await findKustomize();
    const root = await repoCopy();
    const result = await runScript('render', ['--root', root, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const index = JSON.parse(await readFile(path.join(root, 'rendered/index.json'), 'utf8')) as Obj[];
    expect(index.map((e) => e.name).sort()).toEqual(rendered.map((r) => r.target.name).sort());
    for (const e of index) {
      const built = await execa(command, [...buildArgs, path.join(root, e.path)], {
        stripFinalNewline: false,
        maxBuffer: 512 * 1024 * 1024,
      });
      expect(built.stdout.length, `${e.name}: kustomize printed something`).toBeGreaterThan(0);
      const written = await readFile(path.join(root, e.file), 'utf8');
      expect(written, `${e.file} differs from kustomize build ${e.path}`).toBe(built.stdout);
      expect(byName(e.name).text, `in-process render of ${e.name}`).toBe(built.stdout);
      const docs = parseAllDocuments(built.stdout).filter((d) => d.contents !== null);
      expect(e.resources, `${e.name}: index.json resources`).toBe(docs.length);
      expect(
        byName(e.name).resources.map((r) => `${String(r.object.kind)}/${String((r.object as Obj).metadata?.name)}`),
      ).toEqual(docs.map((d) => `${String(d.get('kind'))}/${String(d.getIn(['metadata', 'name']))}`));
    }
  }, 300_000);

  it('is deterministic: two renders give identical bytes', async () => {
    const pipeline = await loadPipeline(ROOT);
    const again = await renderTargets(ROOT, pipeline.targets, pipeline.kustomize);
    expect(again.map((r) => r.text)).toEqual(rendered.map((r) => r.text));
  });

  it('writes rendered/<target>.yaml and index.json through the CLI, identically twice', async () => {
    const root = await repoCopy();
    const first = await runScript('render', ['--root', root]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/using (kustomize v\d|kubectl kustomize)/);
    const index = JSON.parse(await readFile(path.join(root, 'rendered/index.json'), 'utf8')) as Obj[];
    expect(index.map((e) => e.name)).toEqual(rendered.map((r) => r.target.name));
    for (const e of index) {
      expect(Object.keys(e)).toEqual(['name', 'cluster', 'environment', 'path', 'file', 'resources']);
      const text = await readFile(path.join(root, e.file), 'utf8');
      expect(parseAllDocuments(text).length).toBe(e.resources);
    }
    const bytes = await readFile(path.join(root, 'rendered/zarish-his-prod.yaml'));
    expect((await runScript('render', ['--root', root, '--quiet'])).code).toBe(0);
    expect(await readFile(path.join(root, 'rendered/zarish-his-prod.yaml'))).toEqual(bytes);
  });

  it('fails with exit 2 and names the directory when a kustomization is broken', async () => {
    const root = await repoCopy();
    await writeFile(
      path.join(root, 'overlays/staging/kustomization.yaml'),
      'resources:\n  - ../../base/does-not-exist\n',
    );
    const result = await runScript('render', ['--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('overlays/staging');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('fails with a one-line error naming the file when a cluster description is wrong', async () => {
    const root = await repoCopy();
    await writeFile(
      path.join(root, 'clusters/dhaka/cluster.yaml'),
      'apiVersion: his.zarishsphere.com/v1alpha1\nkind: ' +
        'ClusterDescription\nmetadata: {name: dhaka}\nspec: {region: x, role: ' +
        'primary, server: "https://x", kubernetesVersion: "1.28", ' +
        'environments: [dev, Q_A]}\n',
    );
    const result = await runScript('render', ['--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/clusters\/dhaka\/cluster\.yaml: spec\.environments/);
  });

  it('rejects an unknown flag with a usage error', async () => {
    const result = await runScript('render', ['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--bogus');
  });
});
