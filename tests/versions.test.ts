import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledKustomize, kustomizeMismatch, pinnedVersions } from '../scripts/lib/versions.js';
import { repoCopy, ROOT, runScript, tempDir } from './helpers.js';

describe('the pinned Argo CD release and its kustomize', () => {
  it('maps Argo CD releases to the kustomize they bundle (ARGOCD.md §2)', () => {
    expect(bundledKustomize('v2.14.21')).toBe('v5.4.3');
    expect(bundledKustomize('v3.0.23')).toBe('v5.6.0');
    expect(bundledKustomize('v3.2.12')).toBe('v5.7.0');
    expect(bundledKustomize('v3.3.0')).toBe('v5.8.0');
    expect(bundledKustomize('v3.3.1')).toBe('v5.8.1');
    expect(bundledKustomize('v3.4.7')).toBe('v5.8.1');
    expect(() => bundledKustomize('v9.0.0')).toThrow(/unknown release/);
  });

  it('is pinned in one place, argocd/version.yaml', async () => {
    expect(await pinnedVersions(ROOT)).toEqual({ argocd: 'v3.4.7', kustomize: 'v5.8.1' });
    const run = await runScript('tool-versions', ['kustomize']);
    expect(run.stdout.trim()).toBe('v5.8.1');
  });

  it('warns, naming both versions, when the kustomize found differs', () => {
    expect(kustomizeMismatch('v5.8.1', { argocd: 'v3.4.7', kustomize: 'v5.8.1' })).toBeUndefined();
    const warning = kustomizeMismatch('v5.5.0', { argocd: 'v3.4.7', kustomize: 'v5.8.1' });
    expect(warning).toContain('kustomize v5.5.0');
    expect(warning).toContain('Argo CD v3.4.7 renders with kustomize v5.8.1');
  });

  it('render prints the warning when the pin says another release', async () => {
    const root = await repoCopy();
    await writeFile(path.join(root, 'argocd/version.yaml'), 'argocd: v3.2.12\n');
    const run = await runScript('render', ['--root', root, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /warning: using kustomize v\d+\.\d+\.\d+, but Argo CD v3\.2\.12 renders with kustomize v5\.7\.0/,
    );
  });

  it('a machine with only kubectl still renders, with the warning naming both versions', async () => {
    const home = await tempDir('zarish-no-go-');
    const run = await runScript('render', ['--root', await repoCopy()], {
      // No standalone kustomize anywhere: not on PATH, not in a Go bin directory.
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: home,
        GOPATH: home,
        GOBIN: path.join(home, 'bin'),
        KUSTOMIZE: '',
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('using kubectl kustomize');
    expect(run.stderr).toMatch(
      /warning: using kustomize v\d+\.\d+\.\d+, but Argo CD v3\.4\.7 renders with kustomize v5\.8\.1/,
    );
  });

  it('a malformed pin is a one-line error naming the file', async () => {
    const root = await repoCopy();
    await writeFile(path.join(root, 'argocd/version.yaml'), 'argocd: latest\n');
    const run = await runScript('render', ['--root', root]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      /argocd\/version\.yaml: argocd is "latest" \(expected a release like v3\.4\.7\)$/,
    );
  });
});
