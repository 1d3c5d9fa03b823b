import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRefSource, renderApplicationSets, workingTreeSource } from '../../scripts/lib/appset/index.js';

const REPO_URL = 'https://github.com/example/gitops.git';
let dir = '';
let first = '';

async function git(...args: string[]): Promise<string> {
  const r = await execa('git', args, {
    cwd: dir,
    env: {
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  });
  return r.stdout.trim();
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
}

const appset = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'apps', namespace: 'argocd' },
  spec: {
    goTemplate: true,
    generators: [{ git: { repoURL: REPO_URL, revision: 'HEAD', directories: [{ path: 'apps/*' }] } }],
    template: {
      metadata: { name: '{{ .path.basename }}' },
      spec: {
        project: 'default',
        source: { repoURL: REPO_URL, targetRevision: 'HEAD', path: '{{ .path.path }}' },
        destination: { server: 'https://kubernetes.default.svc', namespace: '{{ .path.basename }}' },
      },
    },
  },
};

const filesAppset = {
  ...appset,
  metadata: { name: 'files', namespace: 'argocd' },
  spec: {
    ...appset.spec,
    generators: [{ git: { repoURL: REPO_URL, revision: 'HEAD', files: [{ path: 'apps/*/config.json' }] } }],
    template: { ...appset.spec.template, metadata: { name: 'cfg-{{ .name }}' } },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'appset-git-'));
  await git('init', '-q', '-b', 'main');
  await write('apps/api/kustomization.yaml', 'resources: []\n');
  await write('apps/api/config.json', '{"name": "api-v1"}\n');
  await write('apps/web/kustomization.yaml', 'resources: []\n');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'first');
  first = await git('rev-parse', 'HEAD');
  await write('apps/worker/kustomization.yaml', 'resources: []\n');
  await write('apps/api/config.json', '{"name": "api-v2"}\n');
  await rm(join(dir, 'apps/web'), { recursive: true });
  await git('add', '-A');
  await git('commit', '-q', '-m', 'second');
  // an uncommitted directory: visible to the working tree source only
  await write('apps/scratch/kustomization.yaml', 'resources: []\n');
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const names = (apps: { application: Record<string, unknown> }[]): string[] =>
  apps.map((a) => (a.application.metadata as { name: string }).name);

describe('gitRefSource', () => {
  it('renders a git directories generator at the first commit', async () => {
    const apps = await renderApplicationSets({
      appsets: [appset],
      clusterSecrets: [],
      repo: gitRefSource(dir, first),
      repoURLs: [REPO_URL],
    });
    expect(names(apps)).toEqual(['api', 'web']);
  });
  it('renders at HEAD and reads file contents of that ref', async () => {
    const dirs = await renderApplicationSets({
      appsets: [appset],
      clusterSecrets: [],
      repo: gitRefSource(dir, 'HEAD'),
      repoURLs: [REPO_URL],
    });
    expect(names(dirs)).toEqual(['api', 'worker']);
    const atFirst = await renderApplicationSets({
      appsets: [filesAppset],
      clusterSecrets: [],
      repo: gitRefSource(dir, first),
      repoURLs: [REPO_URL],
    });
    expect(names(atFirst)).toEqual(['cfg-api-v1']);
    const atHead = await renderApplicationSets({
      appsets: [filesAppset],
      clusterSecrets: [],
      repo: gitRefSource(dir, 'main'),
      repoURLs: [REPO_URL],
    });
    expect(names(atHead)).toEqual(['cfg-api-v2']);
  });
  it('reads only blobs of the ref', async () => {
    const src = gitRefSource(dir, first);
    expect(await src.readFile('apps/web/kustomization.yaml')).toBe('resources: []\n');
    expect(await src.readFile('apps/worker/kustomization.yaml')).toBeUndefined();
    expect(await src.readFile('apps')).toBeUndefined();
  });
  it('the working tree source sees uncommitted directories', async () => {
    const apps = await renderApplicationSets({
      appsets: [appset],
      clusterSecrets: [],
      repo: workingTreeSource(dir),
      repoURLs: [REPO_URL],
    });
    expect(names(apps)).toEqual(['api', 'scratch', 'worker']);
  });
  it('reports an unknown ref clearly', async () => {
    await expect(gitRefSource(dir, 'no-such-ref').glob('*', 'directories')).rejects.toThrow(
      'git ref "no-such-ref" does not name a commit',
    );
  });
});
