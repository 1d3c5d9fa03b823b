/**
 * npm run diff at Application level: moving an environment to another cluster changes no rendered
 * resource but staging's Vault auth mount; the Application's destination (now Chittagong's Argo CD, in-cluster)
 * changes too, and that is shown and blocks unless acknowledged.
 * DIFF-002 points at the line that removed the Application: the spec.environments line of the cluster file, or
 * the line of Argo CD's files that stopped generating it.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { editFile, editWith, repoCopy, ROOT, runScript } from './helpers.js';

async function git(cwd: string, ...args: string[]): Promise<void> {
  await execa(
    'git',
    ['-c', 'user.name=diff test', '-c', 'user.email=diff@test.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd },
  );
}

function lineOf(text: string, pattern: RegExp): number {
  return text.split('\n').findIndex((l) => pattern.test(l)) + 1;
}

let repo: string;

beforeAll(async () => {
  repo = await repoCopy();
  await cp(path.join(ROOT, 'policy.yaml'), path.join(repo, 'policy.yaml'));
  await git(repo, 'init', '--quiet', '-b', 'main');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '--quiet', '-m', 'manifests');
}, 120_000);

interface Report {
  deletions: Report['findings'];
  findings: {
    ruleId: string;
    severity: string;
    file: string;
    line: number;
    unit: string;
    message: string;
    waived?: unknown;
  }[];
}

describe('npm run diff: Application changes', () => {
  it('moving staging to chittagong: the destination change is shown and ' +
    'blocks (DIFF-005) unless acknowledged', async () => {
    try {
      await editFile(
        repo,
        'clusters/dhaka/cluster.yaml',
        'environments: [dev, staging, prod]',
        'environments: [dev, prod]',
      );
      await editFile(repo, 'clusters/chittagong/cluster.yaml', 'environments: [dr]', 'environments: [staging, dr]');
      await editFile(
        repo,
        'overlays/staging/kustomization.yaml',
        'patches:\n',
        'patches:\n  - path: patches/secretstore.yaml\n',
      );
      await writeFile(
        path.join(repo, 'overlays/staging/patches/secretstore.yaml'),
        'apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  ' +
          'name: vault-backend\nspec:\n  provider:\n    vault:\n      auth:\n    ' +
          '    kubernetes:\n          mountPath: kubernetes-chittagong\n',
      );

      const markdown = await runScript('diff', ['--base', 'main', '--format', 'markdown'], { cwd: repo });
      expect(markdown.code, markdown.stderr).toBe(1);
      expect(markdown.stdout).not.toContain('No rendered resource');
      expect(markdown.stdout).toContain('**Application changed**');
      expect(markdown.stdout).toContain('- destination.server: https://dhaka.k8s.zarishsphere.com:6443');
      expect(markdown.stdout).toContain('+ destination.server: https://chittagong.k8s.zarishsphere.com:6443');
      expect(markdown.stdout).toMatch(/⛔ blocking \| DIFF-005 \| `zarish-his-staging`/);

      const json = await runScript('diff', ['--base', 'main', '--format', 'json'], { cwd: repo });
      const cluster = await readFile(path.join(repo, 'clusters/chittagong/cluster.yaml'), 'utf8');
      const found = ((r: Report) => [...r.deletions, ...r.findings])(JSON.parse(json.stdout) as Report).filter(
        (f) => f.ruleId === 'DIFF-005',
      );
      expect(found.map((f) => [f.severity, f.unit, f.file, f.line])).toEqual([
        ['error', 'zarish-his-staging', 'clusters/chittagong/cluster.yaml', lineOf(cluster, /^\s*environments:/)],
      ]);
      expect(found[0]?.message).toContain(
        'cluster dhaka (https://dhaka.k8s.zarishsphere.com:6443) -> chittagong ' +
          '(https://chittagong.k8s.zarishsphere.com:6443)',
      );

      const acknowledged = await runScript('diff', ['--base', 'main', '--allow-deletions'], { cwd: repo });
      expect(acknowledged.code, acknowledged.stderr).toBe(0);
      expect(acknowledged.stdout).toContain('acknowledged');
    } finally {
      await git(repo, 'checkout', '--quiet', '--', '.');
      await rm(path.join(repo, 'overlays/staging/patches/secretstore.yaml'), { force: true });
    }
  }, 600_000);

  it('DIFF-002 (an environment removed) points at the spec.environments line of the cluster file', async () => {
    await editFile(
      repo,
      'clusters/dhaka/cluster.yaml',
      'environments: [dev, staging, prod]',
      'environments: [dev, prod]',
    );
    const json = await runScript('diff', ['--base', 'main', '--format', 'json'], { cwd: repo });
    const cluster = await readFile(path.join(repo, 'clusters/dhaka/cluster.yaml'), 'utf8');
    const found = ((r: Report) => [...r.deletions, ...r.findings])(JSON.parse(json.stdout) as Report).filter(
      (f) => f.ruleId === 'DIFF-002',
    );
    expect(found.map((f) => [f.unit, f.file, f.line])).toEqual([
      ['zarish-his-staging', 'clusters/dhaka/cluster.yaml', lineOf(cluster, /^\s*environments:/)],
    ]);
    expect(lineOf(cluster, /^\s*environments:/)).toBeGreaterThan(1);
    await git(repo, 'checkout', '--quiet', '--', '.');
  }, 600_000);

  it('DIFF-002 (Applications an ApplicationSet no longer generates) points at the changed line ' +
    'in argocd/', async () => {
    const file = 'argocd/base/applicationsets/kustomization.yaml';
    const before = await readFile(path.join(repo, file), 'utf8');
    await editFile(repo, file, '  - clusters.yaml\n', '');
    try {
      const json = await runScript('diff', ['--base', 'main', '--format', 'json'], { cwd: repo });
      const found = ((r: Report) => [...r.deletions, ...r.findings])(JSON.parse(json.stdout) as Report).filter(
        (f) => f.ruleId === 'DIFF-002',
      );
      // the clusters' own Applications are gone; the cluster files did not change
      expect(found.map((f) => [f.unit, f.file, f.line]).sort()).toEqual([
        ['zarish-his-cluster-chittagong', file, lineOf(before, /^ {2}- clusters\.yaml$/)],
        ['zarish-his-cluster-dhaka', file, lineOf(before, /^ {2}- clusters\.yaml$/)],
      ]);
    } finally {
      await git(repo, 'checkout', '--quiet', '--', '.');
    }
  }, 600_000);

  it("--validate puts the head's validate summary and the errors new against the base in the comment", async () => {
    const file = 'overlays/staging/patches/hpa.yaml';
    // replicas indented one level too little: an unknown top-level field (SCH-008) at the patch line
    const dedent = (name: string) => (text: string) =>
      text.replace(new RegExp(`(name: ${name}\\nspec:\\n  minReplicas: \\d+\\n)  maxReplicas`), '$1maxReplicas');
    await git(repo, 'checkout', '--quiet', '-b', 'flawed');
    try {
      await editWith(repo, file, dedent('billing-engine'));
      await git(repo, 'commit', '--quiet', '-am', 'an error already on the base');
      await editWith(repo, file, dedent('patient-app'));
      const text = await readFile(path.join(repo, file), 'utf8');
      const [markdown, json] = await Promise.all([
        runScript('diff', ['--base', 'flawed', '--validate', '--format', 'markdown'], { cwd: repo }),
        runScript('diff', ['--base', 'flawed', '--validate', '--format', 'json'], { cwd: repo }),
      ]);
      expect(markdown.code, markdown.stderr).toBe(0);
      const validation = JSON.parse(json.stdout).validation;
      const fresh = validation.newBlocking
        .filter((f: Report['findings'][number]) => f.ruleId === 'SCH-008')
        .map((f: Report['findings'][number]) => [f.ruleId, f.file, f.line]);
      // the base's SCH-008 is still there, but not new
      expect(validation.blocking.filter((f: Report['findings'][number]) => f.ruleId === 'SCH-008')).toHaveLength(2);
      const line = text
        .split('\n')
        .findIndex((l, i, all) => l === 'maxReplicas: 2' && all[i - 3]?.includes('patient-app'));
      expect(fresh).toEqual([['SCH-008', file, line + 1]]);
      const section = markdown.stdout.slice(markdown.stdout.indexOf('### Validation'));
      const errors = validation.summary.error;
      expect(section).toMatch(
        new RegExp(
          `^### Validation\\n\\nvalidate on the head: ${errors} errors \\(${validation.newBlocking.length} new in `,
        ),
      );
      expect(validation.newBlocking.length).toBeLessThan(errors);
      expect(section).toContain(`| SCH-008 | \`${file}:${line + 1}\` \`maxReplicas\` | unknown field "maxReplicas"`);
      expect(section).not.toContain(`${file}:${line - 7}\``);
    } finally {
      await git(repo, 'checkout', '--quiet', '--', '.');
      await git(repo, 'checkout', '--quiet', 'main');
      await git(repo, 'branch', '--quiet', '-D', 'flawed');
    }
  }, 900_000);
});
