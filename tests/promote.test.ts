import { execa } from 'execa';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadEnvironments } from '../scripts/lib/clusters.js';
import { checkOrder } from '../scripts/lib/images/promote.js';
import { repoCopy, ROOT, runScript } from './helpers.js';

/** clusters/dhaka (primary) lists dev, staging, prod; clusters/chittagong (DR) lists dr. */
const ORDER = ['dev', 'staging', 'prod', 'dr'];

async function git(dir: string, ...args: string[]): Promise<string> {
  return String((await execa('git', args, { cwd: dir })).stdout);
}

describe('promotion order', () => {
  it("is the clusters' environments, primary clusters first", async () => {
    expect(await loadEnvironments(ROOT)).toEqual(ORDER);
  });
  it('allows the next step, refuses a skip or a step back without --force', () => {
    expect(checkOrder('staging', 'prod', false, ORDER)).toBeUndefined();
    expect(checkOrder('prod', 'dr', false, ORDER)).toBeUndefined();
    expect(() => checkOrder('dev', 'prod', false, ORDER)).toThrow(/skips staging.*--force/);
    expect(() => checkOrder('prod', 'staging', false, ORDER)).toThrow(/backwards/);
    expect(checkOrder('dev', 'prod', true, ORDER)).toMatch(/^warning/);
  });
});

describe('npm run promote', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(dir, 'policy.yaml'));
    await git(dir, 'init', '-q');
    await git(dir, 'add', '-A');
    await git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'fixture');
  });

  it('refuses dev -> prod without --force, changing nothing', async () => {
    const r = await runScript('promote', ['dev', 'prod', '--root', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/skips staging/);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });

  it("copies staging's images into prod, prints the table, and changes nothing else", async () => {
    const staging = parse(await readFile(path.join(dir, 'overlays/staging/kustomization.yaml'), 'utf8')) as {
      images: { name: string; newTag: string }[];
    };
    const r = await runScript('promote', ['staging', 'prod', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const svc of ['patient-registry', 'billing-engine', 'doctor-portal', 'patient-app'])
      expect(r.stdout).toMatch(new RegExp(`${svc}\\s+1\\.4\\.2\\s+1\\.5\\.0`));
    expect(await git(dir, 'status', '--porcelain')).toBe(' M overlays/prod/kustomization.yaml');
    const prod = parse(await readFile(path.join(dir, 'overlays/prod/kustomization.yaml'), 'utf8')) as {
      images: { name: string; newTag: string }[];
    };
    expect(prod.images).toEqual(staging.images);
    const diff = (await git(dir, 'diff')).split('\n').filter((l) => /^[-+] /.test(l));
    expect(diff).toHaveLength(8);
  });

  it('prod -> dr: dr inherits prod and pins nothing, so the promotion is already in effect', async () => {
    const r = await runScript('promote', ['prod', 'dr', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/already in effect/);
    expect(await git(dir, 'status', '--porcelain')).toBe(' M overlays/prod/kustomization.yaml');
  });
});
