import { execa } from 'execa';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkToken } from '../scripts/lib/dr/transition.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { renderTargets } from '../scripts/lib/render.js';
import { repoCopy, ROOT, runScript } from './helpers.js';

type Obj = Record<string, any>;

async function git(dir: string, ...args: string[]): Promise<string> {
  return String((await execa('git', args, { cwd: dir })).stdout);
}

async function committedCopy(): Promise<string> {
  const dir = await repoCopy();
  await cp(path.join(ROOT, 'policy.yaml'), path.join(dir, 'policy.yaml'));
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'fixture');
  await git(dir, 'config', 'user.email', 'test@example.com');
  await git(dir, 'config', 'user.name', 'test');
  return dir;
}

/** Renders prod and dr of a repo copy: the Cluster, the backend HPAs and the Ingress of each. */
async function rendered(dir: string) {
  const pipeline = await loadPipeline(dir);
  const targets = pipeline.targets.filter((t) => t.environment === 'prod' || t.environment === 'dr');
  const out: Record<string, { cluster: Obj; hpa: Record<string, number>; dns: string }> = {};
  for (const r of await renderTargets(dir, targets, pipeline.kustomize)) {
    const objs = r.resources.map((x) => x.object as Obj);
    const cluster = objs.find((o) => o.kind === 'Cluster' && o.metadata.name === 'postgres-cluster') as Obj;
    const hpa = Object.fromEntries(objs.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => [o.metadata.name, o.spec.minReplicas as number]));
    const ingress = objs.find((o) => o.kind === 'Ingress') as Obj;
    out[r.target.environment] = { cluster, hpa, dns: ingress.metadata.annotations['external-dns.alpha.kubernetes.io/controller'] };
  }
  return out as Record<'prod' | 'dr', { cluster: Obj; hpa: Record<string, number>; dns: string }>;
}

const token = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64');
const DHAKA_TOKEN = token({ latestCheckpointTimelineID: '1', redoWalFile: '000000010000000000000004', databaseSystemIdentifier: '7300000000000000001' });
const CHITTAGONG_TOKEN = token({ latestCheckpointTimelineID: '2', redoWalFile: '000000020000000000000009', databaseSystemIdentifier: '7300000000000000001' });

describe('promotion token shape', () => {
  it('is base64 of a JSON object', () => {
    expect(checkToken(DHAKA_TOKEN)).toBeUndefined();
    expect(checkToken('not a token')).toMatch(/base64/);
    expect(checkToken(Buffer.from('hello').toString('base64'))).toMatch(/JSON/);
  });
});

describe('npm run failover, then failback with a token', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await committedCopy();
  });

  it('switchover without a token is refused with no change; failback without a mode too', async () => {
    for (const [cmd, args] of [['switchover', []], ['switchover', ['--promotion-token', '']], ['failback', []], ['switchover', ['--promotion-token', 'x y']]] as const) {
      const r = await runScript(cmd, [...args, '--root', dir]);
      expect(r.code, `${cmd} ${args.join(' ')}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });

  it('failover: chittagong primary on both sides, DR scaled to prod, DNS on chittagong, validated', async () => {
    const r = await runScript('failover', ['--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/validated prod and dr/);
    expect(r.stdout).toMatch(/must be rebuilt \(re-cloned/);
    expect(r.stdout).toMatch(/Verify application functionality: MANUAL/);
    expect(r.stdout).toMatch(/Notify stakeholders: MANUAL/);
    const s = await rendered(dir);
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'chittagong', source: 'dhaka' });
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });
    expect(s.dr.hpa).toEqual(s.prod.hpa);
    expect([s.prod.dns, s.dr.dns]).toEqual(['standby', 'dns-controller']);
    // the bootstrap and archive settings of each member are untouched
    expect(s.dr.cluster.spec.bootstrap).toEqual({ pg_basebackup: { source: 'dhaka' } });
    expect(s.dr.cluster.spec.plugins[0].parameters.serverName).toBe('chittagong');
    // uncommitted
    expect((await git(dir, 'status', '--porcelain')).split('\n').length).toBeGreaterThan(1);
    expect(await git(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('failback --demote then --promotion-token: dhaka primary again, DR back to standby size and DNS', async () => {
    const demote = await runScript('failback', ['--demote', '--root', dir]);
    expect(demote.code, demote.stderr).toBe(0);
    let s = await rendered(dir);
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'dhaka', source: 'dhaka' });
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });

    const promote = await runScript('failback', ['--promotion-token', CHITTAGONG_TOKEN, '--root', dir]);
    expect(promote.code, promote.stderr).toBe(0);
    s = await rendered(dir);
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'dhaka', source: 'chittagong', promotionToken: CHITTAGONG_TOKEN });
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'dhaka', source: 'dhaka' });
    expect(s.dr.hpa['patient-registry']).toBe(2);
    expect(s.dr.hpa['billing-engine']).toBe(2);
    expect([s.prod.dns, s.dr.dns]).toEqual(['dns-controller', 'standby']);
    expect(await readFile(path.join(dir, 'overlays/dr/patches/hpa.yaml'), 'utf8')).toBe(await readFile(path.join(ROOT, 'overlays/dr/patches/hpa.yaml'), 'utf8'));
  });
});

describe('npm run switchover (two steps, committed)', () => {
  it('step 2 is refused before step 1; --demote, then --promotion-token, each on a new branch', async () => {
    const dir = await committedCopy();
    const early = await runScript('switchover', ['--promotion-token', DHAKA_TOKEN, '--root', dir]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/step 1 has not landed/);
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    const step1 = await runScript('switchover', ['--demote', '--commit', '--branch', 'dr/switchover-1', '--root', dir]);
    expect(step1.code, step1.stderr).toBe(0);
    expect(step1.stdout).toMatch(/demotionToken/);
    let s = await rendered(dir);
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'dhaka', source: 'dhaka' });
    expect(s.dr.hpa['patient-registry']).toBe(2);
    expect(await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('dr/switchover-1');
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    const step2 = await runScript('switchover', ['--promotion-token', DHAKA_TOKEN, '--commit', '--branch', 'dr/switchover-2', '--root', dir]);
    expect(step2.code, step2.stderr).toBe(0);
    s = await rendered(dir);
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'chittagong', source: 'dhaka', promotionToken: DHAKA_TOKEN });
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });
    expect(s.dr.hpa).toEqual(s.prod.hpa);
    expect([s.prod.dns, s.dr.dns]).toEqual(['standby', 'dns-controller']);
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(c.spec.replica.enabled).toBeUndefined();
    expect(await git(dir, 'log', '--format=%s', '-3')).toBe('dr: switchover-promote\ndr: switchover-demote\nfixture');
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });
});
