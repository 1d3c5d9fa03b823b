/**
 * The findings cache is never stale: in a copy of the repo, each kind of input the per-target checks
 * read is edited, and a run with the caches must check again exactly the targets concerned and
 * report exactly what a run without any cache reports. Real kustomize throughout.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RenderCache } from '../scripts/lib/render-cache.js';
import { validate, type ValidateRequest } from '../scripts/lib/validate/run.js';
import { editFile, repoCopy, tempDir } from './helpers.js';

let repo: string;
let cacheDir: string;
const TARGETS = 8;

type Extra = Partial<Pick<ValidateRequest, 'groups' | 'now'>>;

/** A run with the caches and one without; their findings must be the same. Returns what was checked again. */
async function run(extra: Extra = {}): Promise<{ checked: number; names: string; findings: string }> {
  const request = { root: repo, paths: [], writeRendered: false, ...extra };
  const cached = await validate({ ...request, cache: new RenderCache(cacheDir) });
  const fresh = await validate(request);
  const findings = JSON.stringify(cached.findings);
  expect(findings).toBe(JSON.stringify(fresh.findings));
  expect(cached.summary).toEqual(fresh.summary);
  const note = cached.notes.find((n) => n.startsWith('findings cache:')) ?? '';
  const m = /(\d+) targets unchanged, (\d+) checked(?: \((.*)\))?$/.exec(note);
  expect(m, note).toBeTruthy();
  expect(Number(m?.[1]) + Number(m?.[2])).toBe(TARGETS);
  return { checked: Number(m?.[2]), names: m?.[3] ?? '', findings };
}

describe('findings cache', () => {
  beforeAll(async () => {
    repo = await repoCopy();
    cacheDir = await tempDir('zarish-findings-cache-');
  });

  it('checks every target on a first run, none on an unchanged repo', async () => {
    expect((await run()).checked).toBe(TARGETS);
    expect((await run()).checked).toBe(0);
  }, 600_000);

  it('an overlay patch changed: only that target is checked again', async () => {
    await appendFile(path.join(repo, 'overlays/dev/patches/hpa.yaml'), '# edited\n');
    const { checked, names } = await run();
    expect(checked).toBe(1);
    expect(names).toBe('zarish-his-dev');
  }, 600_000);

  it('a comment in a base file moves the lines findings point at (same rendered output): they move', async () => {
    const before = (await run()).findings;
    expect(before).toMatch(/"file":"base\/namespace\/resourcequota.yaml","line":8,/);
    const file = path.join(repo, 'base/namespace/resourcequota.yaml');
    await writeFile(file, `# one\n# two\n${await readFile(file, 'utf8')}`);
    const after = await run();
    expect(after.checked).toBe(4); // the four environments deploy base/namespace
    expect(after.findings).toMatch(/"file":"base\/namespace\/resourcequota.yaml","line":10,/);
  }, 600_000);

  it('a resource gains an unknown field: the targets deploying it report it (schema verdicts not reused)', async () => {
    await run(); // the caches are warm
    await editFile(repo, 'overlays/dev/patches/hpa.yaml', /^spec:\n/m, 'spec:\n  minReplica: 1\n');
    const { checked, names, findings } = await run();
    expect(checked).toBe(1);
    expect(names).toBe('zarish-his-dev');
    const unknown = (JSON.parse(findings) as { ruleId: string; path: string; unit: string }[]).filter(
      (f) => f.ruleId === 'SCH-008' && f.path === 'spec.minReplica',
    );
    expect(unknown.map((f) => f.unit)).toEqual(['zarish-his-dev']);
    await editFile(repo, 'overlays/dev/patches/hpa.yaml', /^ {2}minReplica: 1\n/m, '');
    expect((await run()).findings).not.toMatch(/minReplica/);
  }, 600_000);

  it('policy.yaml changed: every target is checked again', async () => {
    // (the copy has no policy.yaml: the defaults apply until one is written)
    await writeFile(path.join(repo, 'policy.yaml'), 'severity:\n  CAP-02:\n    default: warning\n');
    const { checked, findings } = await run();
    expect(checked).toBe(TARGETS);
    expect(findings).toMatch(/"ruleId":"CAP-02","severity":"warning"/);
  }, 600_000);

  it('an imported CRD, a cluster description or the Argo CD pin changed: every target is checked again', async () => {
    await appendFile(
      path.join(repo, 'schemas/crds/cloudnative-pg', await firstFile('schemas/crds/cloudnative-pg')),
      '\n',
    );
    expect((await run()).checked).toBe(TARGETS);
    await appendFile(path.join(repo, 'clusters/chittagong/cluster.yaml'), '# edited\n');
    expect((await run()).checked).toBe(TARGETS);
    await appendFile(path.join(repo, 'argocd/version.yaml'), '# edited\n');
    expect((await run()).checked).toBe(TARGETS);
  }, 600_000);

  it('the parity allow list changed (only the cross-target checks read it): dr is checked again', async () => {
    await editFile(repo, 'overlays/dr/parity-allowlist.yaml', /$/, '\n# edited\n');
    const { checked, names } = await run();
    expect(checked).toBe(1); // the file is beside dr's kustomization: an input of its build
    expect(names).toBe('zarish-his-dr');
  }, 600_000);

  it('another day (waiver expiry) or other rule groups: checked again, never mixed up', async () => {
    const later = await run({ now: new Date('2199-01-01T00:00:00Z') });
    expect(later.checked).toBe(TARGETS);
    const security = await run({ groups: new Set(['security']) });
    expect(security.checked).toBe(TARGETS);
    expect((await run({ groups: new Set(['security']) })).checked).toBe(0);
    expect(security.findings).not.toBe(later.findings);
  }, 600_000);
});

async function firstFile(dir: string): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const walk = async (rel: string): Promise<string> => {
    for (const e of await readdir(path.join(repo, dir, rel), { withFileTypes: true }))
      return e.isDirectory() ? walk(path.join(rel, e.name)) : path.join(rel, e.name);
    throw new Error(`${dir}/${rel}: empty`);
  };
  return walk('');
}
