/** npm run new-service: the scaffolded service is deployed by every environment and the repo still validates. */
import { cp, readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServices } from '../scripts/lib/images/services.js';
import { repoCopy, ROOT, runScript } from './helpers.js';

async function copyWithPolicy(): Promise<string> {
  const root = await repoCopy();
  await cp(path.join(ROOT, 'policy.yaml'), path.join(root, 'policy.yaml'));
  return root;
}

async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) await walk(rel);
      else out.set(rel, await readFile(path.join(root, rel), 'utf8'));
    }
  };
  for (const part of ['base', 'overlays']) await walk(part);
  return out;
}

describe('npm run new-service', () => {
  it('scaffolds base, overlay entries and quotas; the repo validates (exit 0) and bump knows the service', async () => {
    const root = await copyWithPolicy();
    const added = await runScript('new-service', ['lab-results', '--tag', '1.0.0', '--root', root]);
    expect(added.stderr).toMatch(/^using kustomize v/);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('validated dev, staging, prod, dr: 0 errors');
    expect(existsSync(path.join(root, 'base/lab-results/deployment.yaml'))).toBe(true);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(await readFile(path.join(root, `overlays/${env}/kustomization.yaml`), 'utf8')).toContain(
        '  - name: registry.zs-his.com/zs-his/lab-results\n    newTag: 1.0.0\n',
      );
    }
    expect((await loadServices(root)).get('lab-results')).toBe('registry.zs-his.com/zs-his/lab-results');

    const validated = await runScript('validate', ['--root', root, '--format', 'json']);
    expect(validated.code).toBe(0);
    const report = JSON.parse(validated.stdout) as {
      findings: { resource?: { name: string }; unit: string; ruleId: string; severity: string; waived: boolean }[];
    };
    expect(report.findings.filter((f) => f.severity === 'error' && !f.waived)).toEqual([]);

    const bumped = await runScript('bump', ['lab-results', '1.0.1', '--env', 'staging', '--dry-run', '--root', root]);
    expect(bumped.code).toBe(0);
    expect(bumped.stdout).toContain('+    newTag: 1.0.1');
  }, 600_000);

  it('refuses an existing or malformed name, or a missing tag, with exit 2 and nothing written', async () => {
    const root = await copyWithPolicy();
    const before = await snapshot(root);
    const cases: [string[], string][] = [
      [['patient-app', '--tag', '1.0.0'], 'base/patient-app already exists'],
      [['Lab_Results', '--tag', '1.0.0'], 'is not a DNS-1123 label'],
      [['lab-results'], '--tag is required'],
      [['lab-results', '--tag', 'set-by-overlay'], 'placeholder'],
      [['lab-results', '--tag', '1.0.0', '--component', 'frontent'], 'expected backend or frontend'],
    ];
    for (const [args, message] of cases) {
      const r = await runScript('new-service', [...args, '--root', root]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect(await snapshot(root)).toEqual(before);
  }, 300_000);
});
