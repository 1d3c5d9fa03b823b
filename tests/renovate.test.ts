/**
 * renovate.json: its regex managers find what they should (always), and Renovate's own validator
 * accepts it (opt-in: ZARISH_RENOVATE_VALIDATOR=1 downloads renovate from npm, about 3 minutes).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

/** The version the validator was last run with (renovate needs Node 22; on Node 20 it warns and works). */
const RENOVATE = 'renovate@44.121.2';

interface Manager {
  managerFilePatterns: string[];
  matchStrings: string[];
  depNameTemplate?: string;
  datasourceTemplate: string;
}

const config = JSON.parse(readFileSync(path.join(ROOT, 'renovate.json'), 'utf8')) as { customManagers: Manager[] };

function matches(manager: Manager, file: string): { depName?: string; currentValue?: string }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return manager.matchStrings.flatMap((s) => [...text.matchAll(new RegExp(s, 'g'))].map((m) => ({ ...m.groups })));
}

function patternOf(manager: Manager): RegExp {
  const p = manager.managerFilePatterns[0] as string;
  return new RegExp(p.slice(1, -1));
}

describe('renovate.json', () => {
  it('updates image tags in the dev overlay only (promote carries them on), and the pinned Argo CD release', () => {
    const [images, argocd] = config.customManagers as [Manager, Manager];
    expect(
      [
        'overlays/dev/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/prod/kustomization.yaml',
      ].filter((f) => patternOf(images).test(f)),
    ).toEqual(['overlays/dev/kustomization.yaml']);
    expect(matches(images, 'overlays/dev/kustomization.yaml').map((m) => m.depName)).toEqual([
      'registry.zs-his.com/zs-his/ms-patient-registry',
      'registry.zs-his.com/zs-his/ms-billing-engine',
      'registry.zs-his.com/zs-his/mf-doctor-portal',
      'registry.zs-his.com/zs-his/mf-patient-app',
    ]);
    expect(patternOf(argocd).test('argocd/version.yaml')).toBe(true);
    expect(matches(argocd, 'argocd/version.yaml')).toEqual([
      { currentValue: expect.stringMatching(/^v\d+\.\d+\.\d+$/) },
    ]);
    expect(argocd.depNameTemplate).toBe('argoproj/argo-cd');
  });

  it.skipIf(process.env.ZARISH_RENOVATE_VALIDATOR !== '1')(
    'passes renovate-config-validator --strict',
    async () => {
      const cwd = await tempDir('zarish-renovate-');
      const r = await execa(
        'npm',
        [
          'exec',
          '--yes',
          '--package',
          RENOVATE,
          '--',
          'renovate-config-validator',
          '--strict',
          path.join(ROOT, 'renovate.json'),
        ],
        { cwd, reject: false },
      );
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('Config validated successfully');
    },
    900_000,
  );
});
