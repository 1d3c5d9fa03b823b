/**
 * The DR commands on a scratch repo (a real git repository copied from this one), walking the
 * whole cycle dhaka primary -> failover -> rebuild Dhaka as a replica -> switchover back, and the
 * planned switchover. Every state is validated with every rule group (0 errors, 0 warnings) and
 * checked against what the operators accept: CloudNativePG 1.30's Cluster webhook
 * (internal/webhook/v1/cluster_webhook.go: validateReplicaMode, validateReplicaClusterExternalClusters,
 * validateBootstrapMethod, validateBootstrapPgBaseBackupSource, validateApplicationDatabase,
 * validatePromotionToken) and the Barman Cloud plugin's check that a new member's archive is empty.
 */
import { execa } from 'execa';
import { cp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkToken } from '../scripts/lib/dr/transition.js';
import { JOURNAL, recoverJournal } from '../scripts/lib/images/check.js';
import { LOCK_FILE, processAlive } from '../scripts/lib/safety/lock.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { renderTargets } from '../scripts/lib/render.js';
import { validate } from '../scripts/lib/validate/run.js';
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

interface Site {
  cluster: Obj;
  hpa: Record<string, number>;
  dns: string;
  /** every rendered resource of the site's Argo CD targets, by target then kind/name */
  all: Record<string, Record<string, Obj>>;
  /** the Argo CD instance that runs each of the site's targets */
  instances: Record<string, string | undefined>;
}

/** Renders every target of a repo copy; prod and dr with their Cluster, backend HPAs and Ingress. */
async function rendered(dir: string): Promise<Record<'dhaka' | 'chittagong', Site> & { prod: Site; dr: Site }> {
  const pipeline = await loadPipeline(dir);
  const sites: Record<string, Site> = {};
  for (const r of await renderTargets(dir, pipeline.targets, pipeline.kustomize)) {
    sites[r.target.cluster] ??= { cluster: {}, hpa: {}, dns: '', all: {}, instances: {} };
    const site = sites[r.target.cluster] as Site;
    site.instances[r.target.name] = r.target.application?.instance;
    const objs = r.resources.map((x) => x.object as Obj);
    site.all[r.target.name] = Object.fromEntries(objs.map((o) => [`${o.kind}/${o.metadata?.name}`, o]));
    if (r.target.environment !== 'prod' && r.target.environment !== 'dr') continue;
    site.cluster = objs.find((o) => o.kind === 'Cluster' && o.metadata.name === 'postgres-cluster') as Obj;
    site.hpa = Object.fromEntries(
      objs
        .filter((o) => o.kind === 'HorizontalPodAutoscaler')
        .map((o) => [o.metadata.name, o.spec.minReplicas as number]),
    );
    site.dns = (objs.find((o) => o.kind === 'Ingress') as Obj).metadata.annotations[
      'external-dns.alpha.kubernetes.io/controller'
    ];
  }
  const dhaka = sites.dhaka as Site;
  const chittagong = sites.chittagong as Site;
  return { dhaka, chittagong, prod: dhaka, dr: chittagong };
}

/** Every rule group over every target: the state validates. */
async function expectValid(dir: string): Promise<void> {
  const result = await validate({ root: dir, paths: [], writeRendered: false, now: new Date('2026-12-01T00:00:00Z') });
  const bad = result.findings.filter((f) => !f.waived && (f.severity === 'error' || f.severity === 'warning'));
  expect(bad.map((f) => `${f.unit} ${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
}

// ---- what the operators accept (facts of CloudNativePG 1.30 and plugin-barman-cloud) -----------------

const isReplica = (c: Obj): boolean => {
  const r = c.spec.replica ?? {};
  if (typeof r.enabled === 'boolean') return r.enabled;
  return Boolean(r.primary) && (r.self || c.metadata.name) !== r.primary;
};

/** CloudNativePG's Cluster webhook; `creating`: the object is new (no resourceVersion), as a member re-created from git
 * is.
 */
function webhook(c: Obj, creating: boolean): string[] {
  const errors: string[] = [];
  const spec = c.spec;
  const r = spec.replica ?? {};
  const external = new Set((spec.externalClusters ?? []).map((e: Obj) => e.name));
  const bootstrap = spec.bootstrap ?? {};
  const methods = ['initdb', 'recovery', 'pg_basebackup'].filter(
    (m) => bootstrap[m] !== undefined && bootstrap[m] !== null,
  );
  if (methods.length > 1) errors.push('Only one bootstrap method can be specified at a time');
  if (bootstrap.pg_basebackup && !external.has(bootstrap.pg_basebackup.source))
    errors.push(`External cluster ${bootstrap.pg_basebackup.source} not found`);
  for (const m of ['initdb', 'pg_basebackup']) {
    const b = bootstrap[m];
    if (b && Boolean(b.database) !== Boolean(b.owner)) errors.push(`${m}: database and owner go together`);
  }
  if (r.enabled !== undefined && r.primary)
    errors.push('replica mode enabled is not compatible with the primary field');
  if (isReplica(c)) {
    if (methods.length === 0) errors.push('bootstrap configuration is required for replica mode');
    else if (!bootstrap.pg_basebackup && !bootstrap.recovery && creating)
      errors.push('replica mode bootstrap is compatible only with pg_basebackup or recovery');
  }
  for (const k of ['source', 'self', 'primary'])
    if (r[k] && !external.has(r[k])) errors.push(`External cluster ${r[k]} not found (replica.${k})`);
  if (r.promotionToken) {
    if (isReplica(c)) errors.push('promotionToken is only allowed for primary clusters');
    else if (checkToken(r.promotionToken)) errors.push(`Invalid promotionToken: ${checkToken(r.promotionToken)}`);
  }
  return errors;
}

const serverNameOf = (c: Obj): string => c.spec.plugins.find((p: Obj) => p.isWALArchiver).parameters.serverName;
const readsAt = (c: Obj, member: string): string =>
  c.spec.externalClusters.find((e: Obj) => e.name === member).plugin.parameters.serverName;

const token = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64');
const controldata = (timeline: string, wal: string) => ({
  latestCheckpointTimelineID: timeline,
  redoWalFile: wal,
  databaseSystemIdentifier: '7300000000000000001',
  latestCheckpointREDOLocation: '0/9000028',
  timeOfLatestCheckpoint: 'Tue 01 Dec 2026 02:00:00 AM UTC',
  operatorVersion: '1.30.0',
});
const DHAKA_TOKEN = token(controldata('1', '000000010000000000000004'));
const CHITTAGONG_TOKEN = token(controldata('2', '000000020000000000000009'));

describe('the DR cycle: dhaka primary -> failover -> rebuild Dhaka as a replica -> switchover back', () => {
  let dir: string;
  /** serverNames whose archive holds WAL (the object store both sites share) */
  const archives = new Set<string>();

  beforeAll(async () => {
    dir = await committedCopy();
  });

  it('state 0, dhaka primary: validates; both members are accepted; each ' +
    'archives where the other reads it', async () => {
    await expectValid(dir);
    const s = await rendered(dir);
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'dhaka', source: 'chittagong' });
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'dhaka', source: 'dhaka' });
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(webhook(c, true)).toEqual([]);
    // identical roles, database and secret in both members; the shared CA on both
    expect(s.dr.cluster.spec.bootstrap).toEqual({
      pg_basebackup: {
        source: 'dhaka',
        database: 'zarish_his',
        owner: 'zarish',
        secret: { name: 'postgres-credentials' },
      },
    });
    expect(s.prod.cluster.spec.bootstrap.initdb).toMatchObject({
      database: 'zarish_his',
      owner: 'zarish',
      secret: { name: 'postgres-credentials' },
    });
    for (const c of [s.prod.cluster, s.dr.cluster])
      expect([c.spec.certificates.serverCASecret, c.spec.certificates.clientCASecret]).toEqual([
        'postgres-ca',
        'postgres-ca',
      ]);
    expect([serverNameOf(s.prod.cluster), serverNameOf(s.dr.cluster)]).toEqual(['dhaka', 'chittagong']);
    expect(readsAt(s.dr.cluster, 'dhaka')).toBe('dhaka');
    for (const n of [serverNameOf(s.prod.cluster), serverNameOf(s.dr.cluster)]) archives.add(n);
    // each site's workloads are run by its own Argo CD
    for (const site of [s.dhaka, s.chittagong])
      for (const [t, i] of Object.entries(site.instances)) expect(i, t).toBe(site === s.dhaka ? 'dhaka' : 'chittagong');
  }, 300_000);

  it('state 1, failover (Dhaka unreachable): Chittagong promoted, DNS and ' +
    'scale by its own Argo CD; Dhaka fenced for its return', async () => {
    const before = await rendered(dir);
    const r = await runScript('failover', ['--commit', '--branch', 'dr/failover', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dhaka's Argo CD is not needed/);
    await expectValid(dir);
    const s = await rendered(dir);
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'chittagong', source: 'dhaka' });
    expect(s.dr.hpa).toEqual(s.prod.hpa);
    expect([s.prod.dns, s.dr.dns]).toEqual(['standby', 'dns-controller']);
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(webhook(c, false)).toEqual([]);

    // What the failover needs happens at Chittagong, applied by Chittagong's own Argo CD:
    expect(s.chittagong.instances['zarish-his-dr']).toBe('chittagong');
    // and on Dhaka's side only the fence changes (its Cluster and the Ingress's DNS switch), for when it returns.
    const changed = (a: Record<string, Record<string, Obj>>, b: Record<string, Record<string, Obj>>) =>
      Object.keys(b).flatMap((t) =>
        Object.keys(b[t] ?? {})
          .filter((k) => JSON.stringify(a[t]?.[k]) !== JSON.stringify(b[t]?.[k]))
          .map((k) => `${t} ${k}`),
      );
    expect(changed(before.dhaka.all, s.dhaka.all).sort()).toEqual([
      'zarish-his-prod Cluster/postgres-cluster',
      'zarish-his-prod Ingress/zarish-his',
    ]);
    expect(changed(before.chittagong.all, s.chittagong.all).sort()).toEqual([
      'zarish-his-dr Cluster/postgres-cluster',
      'zarish-his-dr HorizontalPodAutoscaler/billing-engine',
      'zarish-his-dr HorizontalPodAutoscaler/patient-registry',
      'zarish-his-dr Ingress/zarish-his',
    ]);
    expect(await git(dir, 'log', '--format=%s', '-1')).toBe('dr: failover');
  }, 300_000);

  it('rebuild Dhaka as a replica: the fenced Dhaka, re-created from git, is ' +
    'accepted and starts an empty archive', async () => {
    // Runbook: delete Dhaka's old postgres-cluster and PVCs; Dhaka's Argo CD re-creates it from git as it is now.
    const s = await rendered(dir);
    const dhaka = s.prod.cluster;
    expect(dhaka.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });
    expect(webhook(dhaka, true)).toEqual([]);
    expect(dhaka.spec.bootstrap).toEqual({
      pg_basebackup: {
        source: 'chittagong',
        database: 'zarish_his',
        owner: 'zarish',
        secret: { name: 'postgres-credentials' },
      },
    });
    // The Barman Cloud plugin refuses to archive a new cluster into a non-empty archive.
    const name = serverNameOf(dhaka);
    expect(archives.has(name), `serverName ${name} already holds WAL`).toBe(false);
    expect(name).toBe('dhaka-2');
    expect(dhaka.metadata.annotations['his.zarishsphere.com/retired-server-names']).toBe('dhaka');
    // both members read Dhaka's new archive there
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(readsAt(c, 'dhaka')).toBe('dhaka-2');
    archives.add(name);
  }, 300_000);

  it('switchover back, step 1 (failback --demote): Chittagong demoted, Dhaka still follows it', async () => {
    // a token the webhook would reject is refused before anything is written
    const bad = await runScript('failback', [
      '--promotion-token',
      token({ latestCheckpointTimelineID: '2' }),
      '--root',
      dir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lacks the pg_controldata fields/);
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    const r = await runScript('failback', ['--demote', '--commit', '--branch', 'dr/failback-1', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    await expectValid(dir);
    const s = await rendered(dir);
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'dhaka', source: 'dhaka' });
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(webhook(c, false)).toEqual([]);
    expect(webhook(s.dr.cluster, true)).toEqual([]); // Chittagong, now a replica, is creatable from git too
  }, 300_000);

  it('switchover back, step 2 (failback --promotion-token): Dhaka primary ' +
    "with Chittagong's token, DR standby again", async () => {
    const r = await runScript('failback', [
      '--promotion-token',
      CHITTAGONG_TOKEN,
      '--commit',
      '--branch',
      'dr/failback-2',
      '--root',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    await expectValid(dir);
    const s = await rendered(dir);
    expect(s.prod.cluster.spec.replica).toEqual({
      self: 'dhaka',
      primary: 'dhaka',
      source: 'chittagong',
      promotionToken: CHITTAGONG_TOKEN,
    });
    expect(s.dr.cluster.spec.replica).toEqual({ self: 'chittagong', primary: 'dhaka', source: 'dhaka' });
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(webhook(c, false)).toEqual([]);
    expect([s.prod.dns, s.dr.dns]).toEqual(['dns-controller', 'standby']);
    expect(s.dr.hpa).toMatchObject({ 'patient-registry': 2, 'billing-engine': 2 });
    // Chittagong follows Dhaka's new archive; streaming uses the shared CA both ways
    expect(readsAt(s.dr.cluster, 'dhaka')).toBe(serverNameOf(s.prod.cluster));
    expect(readsAt(s.prod.cluster, 'chittagong')).toBe(serverNameOf(s.dr.cluster));
    expect(await readFile(path.join(dir, 'overlays/dr/patches/hpa.yaml'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'overlays/dr/patches/hpa.yaml'), 'utf8'),
    );
    expect(await git(dir, 'log', '--format=%s', '-4')).toBe(
      'dr: failback-promote\ndr: failback-demote\ndr: failover\nfixture',
    );
  }, 300_000);
});

describe('npm run switchover (planned, two steps)', () => {
  it('refuses step 2 before step 1 and a usage without a mode; --demote then --promotion-token', async () => {
    const dir = await committedCopy();
    for (const [cmd, args] of [
      ['switchover', []],
      ['switchover', ['--promotion-token', '']],
      ['failback', []],
      ['switchover', ['--promotion-token', 'x y']],
    ] as const) {
      const r = await runScript(cmd, [...args, '--root', dir]);
      expect(r.code, `${cmd} ${args.join(' ')}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const early = await runScript('switchover', ['--promotion-token', DHAKA_TOKEN, '--root', dir]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/step 1 has not landed/);
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    const step1 = await runScript('switchover', ['--demote', '--root', dir]);
    expect(step1.code, step1.stderr).toBe(0);
    let s = await rendered(dir);
    expect(s.prod.cluster.spec.replica).toEqual({ self: 'dhaka', primary: 'chittagong', source: 'chittagong' });
    // a demoted member keeps its archive (it is not re-created) but is creatable from git as a replica
    expect(serverNameOf(s.prod.cluster)).toBe('dhaka');
    expect(webhook(s.prod.cluster, true)).toEqual([]);

    const step2 = await runScript('switchover', ['--promotion-token', DHAKA_TOKEN, '--root', dir]);
    expect(step2.code, step2.stderr).toBe(0);
    s = await rendered(dir);
    expect(s.dr.cluster.spec.replica).toEqual({
      self: 'chittagong',
      primary: 'chittagong',
      source: 'dhaka',
      promotionToken: DHAKA_TOKEN,
    });
    for (const c of [s.prod.cluster, s.dr.cluster]) expect(webhook(c, false)).toEqual([]);
    expect([s.prod.dns, s.dr.dns]).toEqual(['standby', 'dns-controller']);
  }, 300_000);
});

describe('all or none under SIGKILL', () => {
  it('a failover killed after its first write is undone by the next run (the journal)', async () => {
    const dir = await committedCopy();
    const child = execa(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'scripts/failover.ts'), '--root', dir],
      { reject: false, detached: true },
    );
    // The journal is written before the first file and removed at the end: kill while it exists.
    while (!existsSync(path.join(dir, JOURNAL))) {
      if (child.exitCode !== null) throw new Error('failover ended before writing its journal');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(-(child.pid as number), 'SIGKILL'); // the whole group: tsx and the node process it runs
    await child;
    expect(existsSync(path.join(dir, JOURNAL))).toBe(true);
    // the killed process still "holds" the repository lock (no .gitignore in this scratch repo: git shows every
    // leftover)
    const lock = path.join(dir, LOCK_FILE);
    const holder = JSON.parse(await readFile(lock, 'utf8')) as { pid: number; command: string };
    expect(holder.command).toBe('failover');
    // SIGKILL is delivered at once, but the process may take a moment to be gone (generous bound, not a timing test)
    for (let i = 0; i < 600 && processAlive(holder.pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(processAlive(holder.pid)).toBe(false);
    // the journal restores every file (and the half-written temporary files go): only the dead lock is left
    expect(await recoverJournal(dir)).toContain('components/postgres-distributed/cluster.yaml');
    expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
    expect(await git(dir, 'status', '--porcelain')).toBe(`?? ${LOCK_FILE}`);
    // the next run takes the stale lock over, does its change, and releases the lock when it ends
    const next = await runScript('failover', ['--root', dir]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`taking over a stale lock: failover (pid ${holder.pid}`);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
    const status = (await git(dir, 'status', '--porcelain')).split('\n');
    expect(status).toContain(' M components/postgres-distributed/cluster.yaml');
    expect(status.filter((l) => !l.startsWith(' M '))).toEqual([]);
  }, 300_000);
});

describe('member generations (pure)', () => {
  it('failover retires dhaka for dhaka-2; failback --no-token then retires chittagong for chittagong-2', async () => {
    const { planTransition } = await import('../scripts/lib/dr/transition.js');
    const { FILES, readMember, readOp } = await import('../scripts/lib/dr/files.js');
    const read = (f: string) => readFile(path.join(ROOT, f), 'utf8');
    let texts = {
      component: await read(FILES.component),
      drPostgres: await read(FILES.drPostgres),
      drHpa: await read(FILES.drHpa),
      prodDns: await read(FILES.prodDns),
      drDns: await read(FILES.drDns),
    };
    const keyOf: Record<string, keyof typeof texts> = {
      [FILES.component]: 'component',
      [FILES.drPostgres]: 'drPostgres',
      [FILES.drHpa]: 'drHpa',
      [FILES.prodDns]: 'prodDns',
      [FILES.drDns]: 'drDns',
    };
    const apply = (plan: { changes: readonly { file: string; after: string }[] }) => {
      for (const c of plan.changes) texts = { ...texts, [keyOf[c.file] as string]: c.after };
    };
    const hpa = new Map([
      ['patient-registry', 3],
      ['billing-engine', 3],
    ]);
    const app = { database: 'zarish_his', owner: 'zarish', secret: 'postgres-credentials' };
    apply(planTransition('failover', texts, hpa, undefined, app));
    expect(readMember(texts.component)).toMatchObject({
      serverName: 'dhaka-2',
      retired: ['dhaka'],
      clonedFrom: 'chittagong',
      externalServerNames: { dhaka: 'dhaka-2', chittagong: 'chittagong' },
    });
    apply(planTransition('failback-no-token', texts, hpa, undefined, app));
    expect(readMember(texts.component)).toMatchObject({
      serverName: 'dhaka-2',
      retired: ['dhaka', 'chittagong'],
      externalServerNames: { dhaka: 'dhaka-2', chittagong: 'chittagong-2' },
    });
    expect(readOp(texts.drPostgres, '/spec/plugins/0/parameters/serverName')).toEqual({
      op: 'replace',
      value: 'chittagong-2',
    });
    // a second failover moves Dhaka on again, never back to a retired name
    apply(planTransition('failover', texts, hpa, undefined, app));
    expect(readMember(texts.component)).toMatchObject({
      serverName: 'dhaka-3',
      retired: ['dhaka', 'chittagong', 'dhaka-2'],
    });
  });
});
