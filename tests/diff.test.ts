/**
 * npm run diff on a throw-away git repository made from the repo's manifests: a base commit and
 * one commit per scenario. Each commit is rendered once (snapshots are cached), so the whole file
 * costs a handful of renders; one scenario also runs the real command end to end.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkDiff,
  COMMENT_MARKER,
  diffFields,
  diffSnapshots,
  formatDiffReport,
  formatSegments,
  snapshotTree,
  withWorktree,
  type DiffResult,
  type ResourceChange,
  type Snapshot,
} from '../scripts/lib/diff/index.js';
import { buildReport } from '../scripts/lib/diff/index.js';
import { immutableProblems } from '../scripts/lib/diff/rules/immutable-fields.js';
import { identityKey, identityOf } from '../scripts/lib/diff/snapshot.js';
import { editFile as edit, repoCopy, ROOT, runScript, tempDir } from './helpers.js';

type Obj = Record<string, any>;

const GOLDEN = path.join(ROOT, 'tests/fixtures/diff/multi-environment.md');

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa(
    'git',
    ['-c', 'user.name=diff test', '-c', 'user.email=diff@test.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd },
  );
  return String(stdout).trim();
}

/** Commits the working tree on a new branch from `from`, runs `change`, returns to main. */
async function scenario(root: string, branch: string, change: () => Promise<void>): Promise<void> {
  await git(root, 'checkout', '--quiet', '-b', branch, 'main');
  await change();
  await git(root, 'add', '-A');
  await git(root, 'commit', '--quiet', '-m', branch);
  await git(root, 'checkout', '--quiet', 'main');
}

let repo: string;
const snapshots = new Map<string, Promise<Snapshot>>();
/** Each ref is rendered once, in a worktree, like npm run diff does. */
function snap(ref: string): Promise<Snapshot> {
  if (!snapshots.has(ref)) {
    snapshots.set(
      ref,
      (async () => {
        const commit = await git(repo, 'rev-parse', ref);
        return withWorktree(repo, commit, (tree) => snapshotTree(tree, ref, commit));
      })(),
    );
  }
  return snapshots.get(ref) as Promise<Snapshot>;
}

/** The Application name of an environment (names come from Argo CD's model, so they are not hard-coded). */
async function app(environment: string): Promise<string> {
  const found = [...(await snap('main')).applications.values()].find((a) => a.environment === environment);
  if (!found) throw new Error(`no Application for ${environment}`);
  return found.name;
}

async function diffOf(base: string, head: string): Promise<DiffResult> {
  return diffSnapshots(await snap(base), await snap(head));
}

beforeAll(async () => {
  repo = await repoCopy();
  await git(repo, 'init', '--quiet', '-b', 'main');
  // A first commit from before the repo had manifests: a base without clusters/ is empty.
  await writeFile(path.join(repo, 'README.md'), 'ZARISH HIS\n');
  await execa('git', ['add', 'README.md'], { cwd: repo });
  await git(repo, 'commit', '--quiet', '-m', 'empty');
  await git(repo, 'tag', 'empty');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '--quiet', '-m', 'manifests');

  await scenario(repo, 'replicas', async () => {
    await edit(
      repo,
      'overlays/dev/patches/hpa.yaml',
      /name: patient-registry\nspec:\n {2}minReplicas: 1/,
      'name: patient-registry\nspec:\n  minReplicas: 2',
    );
  });
  await scenario(repo, 'dangerous', async () => {
    // a selector change (immutable), the backup PVC dropped, staging removed from Dhaka
    await edit(
      repo,
      'base/patient-registry/deployment.yaml',
      /selector:\n {4}matchLabels:\n {6}app.kubernetes.io\/name: patient-registry\n/,
      'selector:\n    matchLabels:\n      app.kubernetes.io/name: ' +
        'patient-registry\n      app.kubernetes.io/component: backend\n',
    );
    await edit(repo, 'base/backup/kustomization.yaml', /\n {2}- pvc.yaml/, '');
    await edit(repo, 'clusters/dhaka/cluster.yaml', 'environments: [dev, staging, prod]', 'environments: [dev, prod]');
  });
  await scenario(repo, 'multi', async () => {
    // staging gets a new release, prod is bumped too but to another one, dev is resized
    await edit(repo, 'overlays/staging/kustomization.yaml', /(ms-patient-registry\n {4}newTag: )1\.5\.0/, '$11.6.0');
    await edit(repo, 'overlays/prod/kustomization.yaml', /(ms-patient-registry\n {4}newTag: )1\.4\.2/, '$11.4.3');
    await edit(
      repo,
      'overlays/dev/patches/hpa.yaml',
      /name: billing-engine\nspec:\n {2}minReplicas: 1\n {2}maxReplicas: 3/,
      'name: billing-engine\nspec:\n  minReplicas: 1\n  maxReplicas: 4',
    );
  });
});

describe('field-level diff', () => {
  it('ignores key order, matches named list items by name and others by index', () => {
    const before = {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'a:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
        ],
        args: ['x', 'y'],
      },
    };
    const after = {
      spec: {
        args: ['x', 'z'],
        containers: [
          { name: 'sidecar', image: 's:1' },
          {
            env: [
              { name: 'B', value: '2' },
              { name: 'A', value: '3' },
            ],
            image: 'a:2',
            name: 'app',
          },
        ],
      },
    };
    const changes = diffFields(before, after).map((c) => [formatSegments(c.path), c.op]);
    expect(changes).toEqual([
      ['spec.containers[name=sidecar]', 'add'],
      ['spec.containers[name=app].image', 'change'],
      ['spec.containers[name=app].env[name=A].value', 'change'],
      ['spec.args[1]', 'change'],
    ]);
    expect(diffFields({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
  });
});

describe('immutable fields (DIFF-001) by kind', () => {
  const change = (apiVersion: string, kind: string, before: Obj, after: Obj): ResourceChange => {
    const base = { apiVersion, kind, metadata: { name: 'x', namespace: 'ns' }, ...before };
    const head = { apiVersion, kind, metadata: { name: 'x', namespace: 'ns' }, ...after };
    const side = (object: Obj) => ({
      key: identityKey(identityOf(object)),
      identity: identityOf(object),
      object,
      ref: { apiVersion, kind, name: 'x' },
      locate: () => ({ file: 'f.yaml', line: 1 }),
    });
    return {
      key: identityKey(identityOf(head)),
      identity: identityOf(head),
      apiVersion,
      base: side(base),
      head: side(head),
      fields: diffFields(base, head),
    };
  };
  const paths = (c: ResourceChange): string[] => immutableProblems(c).map((p) => formatSegments(p.path));

  it('flags each immutable field and nothing mutable', () => {
    expect(
      paths(
        change(
          'apps/v1',
          'StatefulSet',
          { spec: { serviceName: 'a', replicas: 1, volumeClaimTemplates: [{ metadata: { name: 'd' } }] } },
          { spec: { serviceName: 'b', replicas: 3, volumeClaimTemplates: [{ metadata: { name: 'e' } }] } },
        ),
      ),
    ).toEqual(['spec.serviceName', 'spec.volumeClaimTemplates']);
    expect(
      paths(
        change(
          'v1',
          'Service',
          { spec: { clusterIP: '10.0.0.1', ports: [{ port: 80 }] } },
          { spec: { clusterIP: '10.0.0.2', ports: [{ port: 81 }] } },
        ),
      ),
    ).toEqual(['spec.clusterIP']);
    expect(
      paths(
        change(
          'v1',
          'Service',
          { spec: { type: 'ClusterIP' } },
          { spec: { type: 'ExternalName', externalName: 'db.example' } },
        ),
      ),
    ).toEqual(['spec.type']);
    expect(
      paths(
        change(
          'batch/v1',
          'Job',
          { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }] } } } },
          { spec: { template: { spec: { containers: [{ name: 'a', image: '2' }] } } } },
        ),
      ),
    ).toEqual(['spec.template']);
    expect(
      paths(
        change(
          'v1',
          'PersistentVolumeClaim',
          { spec: { storageClassName: 'standard', resources: { requests: { storage: '50Gi' } } } },
          { spec: { storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } } },
        ),
      ),
    ).toEqual(['spec.storageClassName', 'spec.resources.requests.storage']);
    expect(
      paths(
        change(
          'v1',
          'PersistentVolumeClaim',
          { spec: { resources: { requests: { storage: '50Gi' } } } },
          { spec: { resources: { requests: { storage: '100Gi' } } } },
        ),
      ),
    ).toEqual([]);
    expect(
      paths(change('v1', 'ConfigMap', { immutable: true, data: { a: '1' } }, { immutable: true, data: { a: '2' } })),
    ).toEqual(['data']);
    expect(paths(change('v1', 'ConfigMap', { data: { a: '1' } }, { data: { a: '2' } }))).toEqual([]);
    expect(
      paths(
        change(
          'apps/v1',
          'Deployment',
          { spec: { replicas: 1, selector: { matchLabels: { a: 'b' } } } },
          { spec: { replicas: 2, selector: { matchLabels: { a: 'b' } } } },
        ),
      ),
    ).toEqual([]);
  });
});

describe('npm run diff on a two-commit repository', () => {
  it('a changed replica count is one changed field of one resource in one Application', async () => {
    const diff = await diffOf('main', 'replicas');
    const affected = diff.applications.filter((a) => a.status !== 'unchanged');
    expect(affected.map((a) => [a.name, a.environment, a.cluster])).toEqual([[await app('dev'), 'dev', 'dhaka']]);
    const devDiff = affected[0]!;
    expect(devDiff.added).toEqual([]);
    expect(devDiff.removed).toEqual([]);
    expect(devDiff.changed.map((c) => [c.identity.kind, c.identity.namespace, c.identity.name])).toEqual([
      ['HorizontalPodAutoscaler', 'zarish-his-dev', 'patient-registry'],
    ]);
    expect(devDiff.changed[0]!.fields).toEqual([{ path: ['spec', 'minReplicas'], op: 'change', before: 1, after: 2 }]);
    expect(checkDiff(diff)).toEqual([]);
  });

  it('a selector change, a removed PVC and a removed Application are blocking, deletions first, exit 1', async () => {
    const tmp = await tempDir('zarish-diff-tmp-');
    const result = await runScript(
      'diff',
      ['--root', repo, '--base', 'main', '--head', 'dangerous', '--format', 'json'],
      { env: { TMPDIR: tmp } },
    );
    expect(result.stderr).not.toMatch(/^diff:/m);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Obj;
    const ids = (list: Obj[]) =>
      list.map((f) => `${f.ruleId} ${f.unit} ${f.resource ? `${f.resource.kind}/${f.resource.name}` : ''}`.trim());
    const [dev, staging, prod, dr] = [await app('dev'), await app('staging'), await app('prod'), await app('dr')];
    expect(ids(report.deletions)).toEqual([
      `DIFF-002 ${staging}`,
      `DIFF-003 ${dev} PersistentVolumeClaim/backup-pvc`,
      `DIFF-003 ${prod} PersistentVolumeClaim/backup-pvc`,
      `DIFF-003 ${dr} PersistentVolumeClaim/backup-pvc`,
    ]);
    for (const f of report.deletions) expect(f.severity).toBe('error');
    const removed = report.deletions.find((f: Obj) => f.ruleId === 'DIFF-002');
    expect(removed.message).toMatch(/orphaned/);
    expect(removed.message).toMatch(/preserveResourcesOnDeletion: true/);
    expect(removed.message).toMatch(/PersistentVolumeClaim zarish-his-staging\/backup-pvc/);
    expect(removed.file).toBe('clusters/dhaka/cluster.yaml');
    const pvc = report.deletions.find((f: Obj) => f.ruleId === 'DIFF-003');
    expect(pvc.file).toBe('base/backup/pvc.yaml');
    const selector = report.findings.filter((f: Obj) => f.ruleId === 'DIFF-001');
    expect(selector.map((f: Obj) => f.unit)).toEqual([dev, prod, dr]);
    for (const f of selector) {
      expect(f).toMatchObject({
        severity: 'error',
        path: 'spec.selector',
        file: 'base/patient-registry/deployment.yaml',
        resource: { kind: 'Deployment', name: 'patient-registry' },
      });
      expect(f.line).toBeGreaterThan(1);
    }
    expect(report.applications.find((a: Obj) => a.name === staging).status).toBe('removed');
    expect(report.summary.blocking).toBe(7);
    // the worktree is gone again
    expect(await git(repo, 'worktree', 'list')).not.toMatch(/zarish-diff-/);
    expect((await readdir(tmp)).filter((d) => d.startsWith('zarish-diff-'))).toEqual([]);
  });

  it('--allow-deletions acknowledges deletions but not immutable fields', async () => {
    const diff = await diffOf('main', 'dangerous');
    const findings = checkDiff(diff, { allowDeletions: true });
    expect(findings.filter((f) => f.ruleId.match(/DIFF-00[23]/)).every((f) => f.waived)).toBe(true);
    expect(buildReport(diff, findings).summary).toMatchObject({ blocking: 3, acknowledged: 4 });
    const markdown = formatDiffReport('markdown', buildReport(diff, findings));
    expect(markdown.indexOf('### Deletions')).toBeLessThan(markdown.indexOf('### Findings'));
    expect(markdown).toContain('✅ acknowledged');
  });

  it('markdown for a multi-environment change: marker first, a table per environment (golden file)', async () => {
    const diff = await diffOf('main', 'multi');
    const report = buildReport(diff, checkDiff(diff));
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.unit, f.path])).toEqual([
      // dr is built from prod, so it gets prod's tag too
      ['DIFF-004', 'warning', await app('prod'), 'spec.template.spec.containers[name=patient-registry].image'],
      ['DIFF-004', 'warning', await app('dr'), 'spec.template.spec.containers[name=patient-registry].image'],
    ]);
    const markdown = formatDiffReport('markdown', report);
    expect(markdown.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    const masked = markdown.replace(/\b[0-9a-f]{7}\b(?=\))/g, '<sha>');
    for (const env of ['dev · dhaka', 'staging · dhaka', 'prod · dhaka', 'dr · chittagong'])
      expect(masked).toContain(`### ${env}`);
    if (process.env.UPDATE_GOLDEN) await writeFile(GOLDEN, masked);
    expect(masked).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it('a base without clusters/ is empty: every Application is added, nothing blocks', async () => {
    const empty = await snap('empty');
    expect(empty.applications.size).toBe(0);
    const diff = diffSnapshots(empty, await snap('main'));
    expect(diff.applications.every((a) => a.status === 'added')).toBe(true);
    expect(diff.applications.map((a) => a.name).sort()).toEqual([...(await snap('main')).applications.keys()].sort());
    for (const env of ['dev', 'staging', 'prod', 'dr'])
      expect(diff.applications.some((a) => a.environment === env)).toBe(true);
    expect(checkDiff(diff)).toEqual([]);
  });

  it('a ref that does not exist is one line on stderr and exit 2; --base is required', async () => {
    const result = await runScript('diff', ['--root', repo, '--base', 'no-such-branch']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^diff: --base no-such-branch: no such commit/);
    const missing = await runScript('diff', ['--root', repo]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--base REF is required/);
    const help = await runScript('diff', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--allow-deletions/);
  });
});

// ---- CI definitions ------------------------------------------------------------------------

const SHA_PIN = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const scripts = (
  JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** A command line of CI is one a person runs locally: npm ci, an npm script that exists, kustomize's and the control
 * plane's install, git fetch.
 */
function allowedCommand(line: string): boolean {
  const l = line.trim();
  if (l === '' || l.startsWith('#')) return true;
  if (/^npm ci(\s|$)/.test(l)) return true;
  const run = /^npm run (?:--silent )?([\w:-]+)(\s|$)/.exec(l);
  if (run) return run[1] !== undefined && run[1] in scripts;
  if (l === 'go install "sigs.k8s.io/kustomize/kustomize/v5@$(npm run --silent tool-versions -- kustomize)"')
    return true;
  if (l === 'tools/kube-apiserver/install.sh') return true;
  if (l === 'tools/appset-render/install.sh') return true;
  if (/^git fetch /.test(l)) return true;
  return false;
}

describe('CI definitions', () => {
  const workflowsDir = path.join(ROOT, '.github/workflows');

  it(
    'GitHub workflows are valid YAML, pin every action by full commit SHA ' + "and run only the repo's npm scripts",
    async () => {
      const files = (await readdir(workflowsDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
      expect(files).toEqual(['main.yml', 'pull-request.yml']);
      for (const file of files) {
        const text = await readFile(path.join(workflowsDir, file), 'utf8');
        const workflow = parse(text) as Obj;
        expect(workflow.permissions, `${file}: top-level permissions`).toBeDefined();
        for (const [name, job] of Object.entries(workflow.jobs as Obj)) {
          for (const step of (job as Obj).steps as Obj[]) {
            if (step.uses) {
              expect(step.uses, `${file} ${name}`).toMatch(SHA_PIN);
              // the version comment sits next to the pin
              expect(text).toMatch(new RegExp(`${step.uses.replace(/[/.]/g, '\\$&')} # v\\d`));
            }
            if (step.run) {
              for (const line of String(step.run).split('\n'))
                expect(allowedCommand(line), `${file} ${name}: ${line}`).toBe(true);
            }
          }
        }
      }
      const pr = parse(await readFile(path.join(workflowsDir, 'pull-request.yml'), 'utf8')) as Obj;
      const all = JSON.stringify(pr);
      // the base branch reaches the script through the environment, never spliced into it
      // --validate: the comment carries validate's errors new in the pull request
      expect(all).toContain(
        'npm run diff -- --base \\"origin/$BASE_REF\\" --validate --format markdown --output diff.md',
      );
      expect(all).toContain('"BASE_REF":"${{ github.base_ref }}"');
      expect(all).toContain(
        'npm run validate -- --shard ${{ matrix.shard }}/2 --format github ' +
          '--report sarif=validate.sarif --report junit=validate-junit.xml',
      );
      expect(all).toContain(COMMENT_MARKER);
      expect(all).toContain('allow-deletions');
      expect(all).toMatch(/"fetch-depth":0/);
      // the server group runs on every pull request, with the binaries from the same install script
      const server = JSON.stringify((pr.jobs as Obj).server);
      expect(server).toContain('tools/kube-apiserver/install.sh');
      expect(server).toContain('npm run validate -- --only server');
    },
  );

  it(".gitlab-ci.yml is valid YAML, reports JUnit and runs only the repo's npm scripts", async () => {
    const ci = parse(await readFile(path.join(ROOT, '.gitlab-ci.yml'), 'utf8')) as Obj;
    const jobs = Object.entries(ci).filter(([, v]) => typeof v === 'object' && v !== null && 'script' in (v as Obj));
    expect(jobs.map(([k]) => k).sort()).toEqual([
      'appset-render',
      'argocd-fidelity',
      'control-plane',
      'diff',
      'render',
      'server',
      'validate',
    ]);
    expect((ci['control-plane'] as Obj).script).toEqual(['tools/kube-apiserver/install.sh']);
    expect((ci.server as Obj).script.join('\n')).toContain('npm run validate -- --only server');
    const validate = ci.validate as Obj;
    expect(validate.artifacts.reports.junit).toBe('validate.junit.xml');
    expect(validate.script).toEqual([
      'npm run validate -- --shard "${CI_NODE_INDEX}/${CI_NODE_TOTAL}" ' +
        '--format codequality --output gl-code-quality.json || true',
      'npm run validate -- --shard "${CI_NODE_INDEX}/${CI_NODE_TOTAL}" --format junit --output validate.junit.xml',
    ]);
    // job scripts: npm scripts and git fetch only; the kustomize install and the note step are the only shell
    for (const [name, job] of jobs)
      for (const line of (job as Obj).script as string[]) expect(allowedCommand(line), `${name}: ${line}`).toBe(true);
    const before = (ci.default as Obj).before_script as string[];
    expect(before[0]).toMatch(/^npm ci /);
    expect(before.join('\n')).toContain('npm run --silent tool-versions -- kustomize');
    const diff = ci.diff as Obj;
    expect(diff.script.join('\n')).toContain('npm run diff -- --base');
    expect(diff.script.join('\n')).toContain('--validate --format markdown');
    expect(diff.after_script.join('\n')).toContain(COMMENT_MARKER);
    expect(JSON.stringify(diff.rules)).toContain('allow-deletions');
  });
});
