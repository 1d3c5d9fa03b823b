/** `validate -- overlays/prod`: a directory Argo CD deploys is validated as that deploy target, with its policy. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../scripts/lib/validate/run.js';
import { repoCopy, ROOT } from './helpers.js';

describe('path mode on a deploy target', () => {
  it('a moving tag in overlays/prod is the prod error (immutableImageEnvironments), at the images: entry', async () => {
    const root = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(root, 'policy.yaml'));
    const file = path.join(root, 'overlays/prod/kustomization.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace(
        '  - name: registry.zs-his.com/zs-his/ms-patient-registry\n    newTag: 1.4.2\n',
        '  - name: registry.zs-his.com/zs-his/ms-patient-registry\n    newTag: main\n',
      ),
    );
    const result = await validate({
      root,
      cwd: root,
      paths: ['overlays/prod'],
      groups: new Set(['hardening']),
      writeRendered: false,
    });
    expect(result.units.map((u) => [u.name, u.environment, u.namespace])).toEqual([
      ['zarish-his-prod', 'prod', 'zarish-his-prod'],
    ]);
    expect(result.notes).toContain(
      'overlays/prod: validated as deploy target zarish-his-prod (environment prod, policy.yaml applies)',
    );
    const errors = result.findings.filter((f) => f.ruleId === 'SEC-H-04' && !f.waived);
    expect(errors.map((f) => [f.severity, f.file, f.line, f.resource?.name])).toEqual([
      ['error', 'overlays/prod/kustomization.yaml', 11, 'patient-registry'],
    ]);
    expect(errors[0]?.message).toContain('in prod images must use a semver tag');

    // The same overlay in dev's policy (a moving tag is a warning there): policy.yaml applies per environment.
    const dev = await validate({
      root,
      cwd: root,
      paths: ['overlays/dev'],
      groups: new Set(['hardening']),
      writeRendered: false,
    });
    expect(dev.units.map((u) => u.environment)).toEqual(['dev']);
    expect(dev.findings.filter((f) => f.ruleId === 'SEC-H-04' && f.severity === 'error' && !f.waived)).toEqual([]);
  }, 300_000);

  it('a kustomization that is not deployed stays a plain path unit (no environment)', async () => {
    const result = await validate({
      root: ROOT,
      cwd: ROOT,
      paths: ['base/patient-app'],
      groups: new Set(['hardening']),
      writeRendered: false,
    });
    expect(result.units.map((u) => [u.name, u.environment])).toEqual([['base/patient-app', undefined]]);
  }, 300_000);
});
