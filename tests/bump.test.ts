import { execa } from 'execa';
import { readFile, writeFile, cp } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../scripts/lib/images/diff.js';
import { setImage } from '../scripts/lib/images/kustomization.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { repoCopy, ROOT, runScript } from './helpers.js';

const FIXTURE = path.join(ROOT, 'tests/fixtures/images/prod-kustomization-commented.yaml');
const PROD = 'overlays/prod/kustomization.yaml';

async function git(dir: string, ...args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd: dir });
  return String(r.stdout);
}

/** A copy of the repo whose prod kustomization carries comments everywhere, committed to a fresh git repo. */
async function commentedCopy(): Promise<string> {
  const dir = await repoCopy();
  await cp(path.join(ROOT, 'policy.yaml'), path.join(dir, 'policy.yaml'));
  await cp(FIXTURE, path.join(dir, PROD));
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'fixture');
  return dir;
}

/** Changed lines of `git diff` (without the ---/+++ headers). */
function changedLines(diff: string): string[] {
  return diff.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
}

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('setImage (pure)', () => {
  it('changes one line and keeps the quoting style of the value', () => {
    const text = '# c\nimages:\n  - name: a   # x\n    newTag: "1.0.0"    # q\n\n  - name: b\n    newTag: \'2\'\n';
    const out = setImage(text, 'k.yaml', 'a', { kind: 'tag', value: '1.0.1' }).text;
    expect(out).toBe(text.replace('"1.0.0"', '"1.0.1"'));
    const b = setImage(text, 'k.yaml', 'b', { kind: 'tag', value: '3' }).text;
    expect(b).toBe(text.replace("'2'", "'3'"));
  });
  it('writes a digest as digest:, replacing newTag on the same line', () => {
    const text = 'images:\n  - name: a\n    newTag: 1.0.0 # t\n';
    expect(setImage(text, 'k.yaml', 'a', { kind: 'digest', value: DIGEST }).text).toBe(
      `images:\n  - name: a\n    digest: ${DIGEST} # t\n`,
    );
  });
  it('quotes a plain tag that would not read back as a string', () => {
    const text = 'images:\n  - name: a\n    newTag: v1\n';
    expect(setImage(text, 'k.yaml', 'a', { kind: 'tag', value: '1.5' }).text).toBe(
      'images:\n  - name: a\n    newTag: "1.5"\n',
    );
  });
  it('creates the entry, or the images: list after namespace:', () => {
    const list = 'images:\n  - name: a\n    newTag: 1\nfoo: bar\n';
    expect(setImage(list, 'k.yaml', 'b', { kind: 'tag', value: '2.0.0' }).text).toBe(
      'images:\n  - name: a\n    newTag: 1\n  - name: b\n    newTag: 2.0.0\nfoo: bar\n',
    );
    const none = 'resources:\n  - ../prod\nnamespace: x\npatches: []\n';
    const made = setImage(none, 'k.yaml', 'b', { kind: 'tag', value: '2.0.0' }, 'pinned');
    expect(made.created).toBe(true);
    expect(made.text).toBe(
      'resources:\n  - ../prod\nnamespace: x\n# pinned\nimages:\n  - name: b\n    newTag: 2.0.0\npatches: []\n',
    );
  });
  it('prints a unified diff', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'f.yaml')).toBe(
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
  });
});

describe('npm run bump', () => {
  let dir: string;
  let original: string;
  beforeAll(async () => {
    dir = await commentedCopy();
    original = await readFile(path.join(dir, PROD), 'utf8');
  });

  it('refuses an invalid tag, an unknown service or environment, and leaves every file byte-identical', async () => {
    for (const args of [
      ['patient-registry', 'bad tag!', '--env', 'prod'],
      ['patient-registry', 'sha256:1234', '--env', 'prod'],
      ['no-such-service', '1.4.3', '--env', 'prod'],
      ['patient-registry', '1.4.3', '--env', 'qa'],
      ['patient-registry', '1.4.3'],
    ]) {
      const r = await runScript('bump', [...args, '--root', dir]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });

  it('--dry-run prints the unified diff and writes nothing', async () => {
    const r = await runScript('bump', ['billing-engine', '1.4.3', '--env', 'prod', '--dry-run', '--root', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- a/${PROD}`);
    expect(r.stdout).toContain("-    newTag: '1.4.2'");
    expect(r.stdout).toContain("+    newTag: '1.4.3'");
    expect(await readFile(path.join(dir, PROD), 'utf8')).toBe(original);
  });

  it('changes exactly one line, keeping every comment, blank line and the quoting', async () => {
    const r = await runScript('bump', ['patient-registry', '1.4.3', '--env', 'prod', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('patient-registry 1.4.2 -> 1.4.3');
    const diff = await git(dir, 'diff', '--', PROD);
    expect(changedLines(diff)).toEqual([
      '-    newTag: "1.4.2"    # quoted on purpose',
      '+    newTag: "1.4.3"    # quoted on purpose',
    ]);
    expect(await git(dir, 'status', '--porcelain')).toBe(` M ${PROD}`);
  });

  it('rolls back a bump that makes validation fail (a moving tag in prod)', async () => {
    const before = await readFile(path.join(dir, PROD), 'utf8');
    if (!RULES.some((rule) => rule.id === 'SEC-H-04')) {
      // The image policy rule is not registered in this checkout: make validation fail another way.
      await writeFile(
        path.join(dir, 'overlays/prod/patches/dns.yaml'),
        (await readFile(path.join(dir, 'overlays/prod/patches/dns.yaml'), 'utf8')).replace(
          'annotations:',
          'annotations:\n    waive.his.zarishsphere.com/NOPE-000: "x"',
        ),
      );
    }
    const r = await runScript('bump', ['patient-registry', 'nightly', '--env', 'prod', '--root', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('restored');
    expect(await readFile(path.join(dir, PROD), 'utf8')).toBe(before);
  });
});

describe('npm run bump on dr', () => {
  it('pins the image in overlays/dr, says so, and writes a digest as digest:', async () => {
    const dir = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(dir, 'policy.yaml'));
    const r = await runScript('bump', ['doctor-portal', DIGEST, '--env', 'dr', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dr inherits prod's images.*pins doctor-portal/);
    const text = await readFile(path.join(dir, 'overlays/dr/kustomization.yaml'), 'utf8');
    expect(text).toContain(`images:\n  - name: registry.zs-his.com/zs-his/mf-doctor-portal\n    digest: ${DIGEST}\n`);
    // prod is untouched
    expect(await readFile(path.join(dir, PROD), 'utf8')).toBe(await readFile(path.join(ROOT, PROD), 'utf8'));
  });
});
