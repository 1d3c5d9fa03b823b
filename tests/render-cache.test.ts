/**
 * The render cache is never stale: every kind of input a kustomize build reads is edited in a copy
 * of the repo, and the targets that read it must miss (and then equal a fresh build), while an
 * unchanged repo hits. Real kustomize throughout.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { findKustomize, kustomizeBuild, type Kustomize } from '../scripts/lib/kustomize.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { RenderCache, traceInputs } from '../scripts/lib/render-cache.js';
import { repoCopy, runScript, tempDir } from './helpers.js';

/** The folders the pipeline builds (one per deploy target: an Argo CD per site, the environments, the clusters). */
let TARGETS: string[];

let repo: string;
let cacheDir: string;
let kustomize: Kustomize;
/** last output per target, to see that an edit changed what is built */
const last = new Map<string, string>();

/** Builds every target through a fresh RenderCache (as one run does) and returns what missed. */
async function run(k: Kustomize = kustomize): Promise<{ hits: string[]; misses: string[] }> {
  const cache = new RenderCache(cacheDir);
  const cached = { ...k, cache };
  for (const t of TARGETS) last.set(t, await kustomizeBuild(cached, path.join(repo, t)));
  const rel = (labels: string[]) => labels.map((l) => path.relative(repo, path.resolve(l))).sort();
  return { hits: rel(cache.stats.hits), misses: rel(cache.stats.misses) };
}

async function edit(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): Promise<void> {
  const full = path.join(repo, file);
  const doc = parseDocument(await readFile(full, 'utf8'));
  change(doc);
  await writeFile(full, doc.toString());
}

/** The targets an edit must rebuild; their new output equals an uncached build and differs from before. */
async function expectRebuilt(expected: string[], { changesOutput = true } = {}): Promise<void> {
  const before = new Map(last);
  const { hits, misses } = await run();
  expect(misses).toEqual([...expected].sort());
  expect(hits).toEqual(TARGETS.filter((t) => !expected.includes(t)).sort());
  for (const t of expected) {
    expect(last.get(t)).toBe(await kustomizeBuild(kustomize, path.join(repo, t)));
    if (changesOutput) expect(last.get(t), `${t} output after the edit`).not.toBe(before.get(t));
  }
}

describe('render cache', () => {
  beforeAll(async () => {
    repo = await repoCopy();
    TARGETS = [...new Set((await loadPipeline(repo)).targets.map((t) => t.path))];
    // The layout this test edits: if it changes, the expectations below must follow it.
    expect([...TARGETS].sort()).toEqual([
      'argocd/chittagong',
      'argocd/dhaka',
      'clusters/chittagong',
      'clusters/dhaka',
      'overlays/dev',
      'overlays/dr',
      'overlays/prod',
      'overlays/staging',
    ]);
    cacheDir = await tempDir('zarish-render-cache-');
    kustomize = await findKustomize();
  });

  it('misses on a first run, then hits on an unchanged repo', async () => {
    expect((await run()).misses).toEqual([...TARGETS].sort());
    const again = await run();
    expect(again.misses).toEqual([]);
    expect(again.hits).toEqual([...TARGETS].sort());
  }, 600_000);

  it('a base resource changed: every environment that deploys it rebuilds', async () => {
    await edit('base/patient-registry/deployment.yaml', (d) => d.setIn(['spec', 'revisionHistoryLimit'], 7));
    await expectRebuilt(['overlays/dev', 'overlays/staging', 'overlays/prod', 'overlays/dr']);
  }, 600_000);

  it('a patch changed: its overlay rebuilds (and dr, which is prod plus a delta, for a prod patch)', async () => {
    const hpa = path.join(repo, 'overlays/dev/patches/hpa.yaml');
    await writeFile(hpa, (await readFile(hpa, 'utf8')).replace('maxReplicas: 3', 'maxReplicas: 4'));
    await expectRebuilt(['overlays/dev']);
    await edit('overlays/prod/patches/dns.yaml', (d) => d.setIn(['metadata', 'annotations', 'cache-test'], 'patch'));
    await expectRebuilt(['overlays/prod', 'overlays/dr']);
  }, 600_000);

  it('a component changed: the overlays that use it rebuild', async () => {
    await edit('components/non-production/resourcequota.yaml', (d) =>
      d.setIn(['metadata', 'annotations', 'cache-test'], 'component'),
    );
    await expectRebuilt(['overlays/dev', 'overlays/staging']);
  }, 600_000);

  it('a kustomization changed', async () => {
    await edit('clusters/chittagong/kustomization.yaml', (d) =>
      d.set('commonAnnotations', { 'cache-test': 'kustomization' }),
    );
    await expectRebuilt(['clusters/chittagong']);
  }, 600_000);

  it('a shared Argo CD resource changed: the bootstrap of every site rebuilds', async () => {
    await edit('argocd/base/projects/platform.yaml', (d) =>
      d.setIn(['metadata', 'annotations', 'cache-test'], 'argocd-base'),
    );
    await expectRebuilt(['argocd/dhaka', 'argocd/chittagong']);
    await edit('argocd/dhaka/kustomization.yaml', (d) => d.set('commonAnnotations', { 'cache-test': 'dhaka' }));
    await expectRebuilt(['argocd/dhaka']);
  }, 600_000);

  it('an images: entry changed: prod and dr (which inherits prod images) rebuild', async () => {
    await edit('overlays/prod/kustomization.yaml', (d) => d.setIn(['images', 0, 'newTag'], '9.9.9'));
    await expectRebuilt(['overlays/prod', 'overlays/dr']);
    expect(last.get('overlays/dr')).toContain(':9.9.9');
  }, 600_000);

  it('a file read by a configMapGenerator changed (key=path, in a subfolder)', async () => {
    await mkdir(path.join(repo, 'overlays/staging/config'), { recursive: true });
    await writeFile(path.join(repo, 'overlays/staging/config/app.properties'), 'mode=one\n');
    await edit('overlays/staging/kustomization.yaml', (d) =>
      d.set('configMapGenerator', [{ name: 'cache-test', files: ['app.properties=config/app.properties'] }]),
    );
    await expectRebuilt(['overlays/staging']);
    await writeFile(path.join(repo, 'overlays/staging/config/app.properties'), 'mode=two\n');
    await expectRebuilt(['overlays/staging']);
    expect(last.get('overlays/staging')).toContain('mode=two');
  }, 600_000);

  it('another kustomize version misses every target; the same one hits again', async () => {
    const other = await run({ ...kustomize, version: `${kustomize.version}-other` });
    expect(other.misses).toEqual([...TARGETS].sort());
    expect((await run()).misses).toEqual([]);
  }, 600_000);

  it('a remote resource or a Helm chart is never cached', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'kustomization.yaml'),
      'resources:\n  - https://github.com/example/repo//deploy?ref=v1\n',
    );
    expect(traceInputs(dir)).toMatchObject({ cacheable: false, why: expect.stringContaining('remote resource') });
    await writeFile(path.join(dir, 'kustomization.yaml'), 'helmCharts:\n  - name: x\n    repo: https://example.com\n');
    expect(traceInputs(dir)).toMatchObject({ cacheable: false, why: expect.stringContaining('helmCharts') });
  });

  it('validate and render reuse builds by default and rebuild everything with --no-cache', async () => {
    const dir = await repoCopy();
    const first = await runScript('render', ['--root', dir]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runScript('validate', ['--root', dir, '--format', 'json']);
    expect(second.stderr).toContain(`render cache: ${TARGETS.length} unchanged (cached), 0 rebuilt`);
    const uncached = await runScript('validate', ['--root', dir, '--format', 'json', '--no-cache']);
    expect(uncached.stderr).not.toMatch(/render cache/);
    expect(uncached.stdout).toBe(second.stdout);
  }, 600_000);
});
