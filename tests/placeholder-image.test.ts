/** REL-05: an environment whose overlay does not set a service's image tag deploys the placeholder. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../scripts/lib/validate/run.js';
import { repoCopy } from './helpers.js';

describe('REL-05 placeholder image', () => {
  it('is an error in exactly the environment whose overlay lost the images: ' +
    'entry, located at the placeholder', async () => {
    const root = await repoCopy();
    const file = path.join(root, 'overlays/dev/kustomization.yaml');
    const text = await readFile(file, 'utf8');
    const entry = '  - name: registry.zs-his.com/zs-his/mf-patient-app\n    newTag: 1.5.0-dev.7f3c2a1\n';
    expect(text).toContain(entry);
    await writeFile(file, text.replace(entry, ''));
    const { findings } = await validate({ root, paths: [], groups: new Set(['hardening']), writeRendered: false });
    const rel05 = findings.filter((f) => f.ruleId === 'REL-05');
    expect(
      rel05.map((f) => ({
        unit: f.unit,
        kind: f.resource?.kind,
        name: f.resource?.name,
        file: f.file,
        line: f.line,
        severity: f.severity,
      })),
    ).toEqual([
      {
        unit: 'zarish-his-dev',
        kind: 'Deployment',
        name: 'patient-app',
        file: 'base/patient-app/deployment.yaml',
        line: 39,
        severity: 'error',
      },
    ]);
    expect(rel05[0]?.message).toContain('npm run bump -- patient-app <tag> --env dev');
  }, 180_000);

  it('leaves manifests validated by path alone (base/ carries the placeholder by design)', async () => {
    const root = await repoCopy();
    const { findings } = await validate({
      root,
      cwd: root,
      paths: ['base/patient-app'],
      groups: new Set(['hardening']),
      writeRendered: false,
    });
    expect(findings.filter((f) => f.ruleId === 'REL-05')).toEqual([]);
  }, 180_000);
});
