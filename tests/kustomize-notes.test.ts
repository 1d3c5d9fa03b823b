/** bump, promote and parity say which kustomize rendered, and warn when it is not the one Argo CD bundles. */
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoCopy, ROOT, runScript } from './helpers.js';

const USING = /^using kustomize v\d+\.\d+\.\d+ /m;
const MISMATCH = /warning: using kustomize v\d+\.\d+\.\d+, but Argo CD v3\.2\.12 renders with kustomize v5\.7\.0/;

describe('kustomize notes of the release commands', () => {
  it('bump, promote and parity print the kustomize they used and the version warning', async () => {
    const root = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(root, 'policy.yaml'));
    await writeFile(path.join(root, 'argocd/version.yaml'), 'argocd: v3.2.12\n');
    // Argo CD is an operator pin of both clusters (it runs in each), so its pin needs imported CRDs.
    // The Argo CD CRDs the repo ships stand in for 3.2.12's, imported with the project's own command.
    const imported = await runScript('schemas', [
      '--import',
      path.join(ROOT, 'schemas/crds/argo-cd/3.4.7'),
      '--operator',
      'argo-cd',
      '--version',
      '3.2.12',
      '--root',
      root,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const runs = {
      bump: await runScript('bump', ['patient-registry', '1.5.1', '--env', 'staging', '--root', root]),
      promote: await runScript('promote', ['staging', 'prod', '--dry-run', '--root', root]),
      parity: await runScript('parity', ['prod', 'dr', '--root', root]),
    };
    for (const [name, r] of Object.entries(runs)) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stderr, name).toMatch(USING);
      expect(r.stderr, name).toMatch(MISMATCH);
    }
  }, 600_000);
});
