/**
 * Hostile pull requests and careless hands (issue 13): each attack runs the real command on a
 * temporary copy of the repo and asserts the exit code, the one-line message or the finding (rule,
 * file, line), that time and memory stay bounded (generous limits that prove "not unbounded",
 * never a tight timing), and that nothing changed outside the files the command may write.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bootstrapFiles } from '../scripts/lib/argocd.js';
import { loadClusters } from '../scripts/lib/clusters.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { parseManifests } from '../scripts/lib/model/load.js';
import { repoCopy, ROOT, tempDir } from './helpers.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** generous: a 2-core CI machine shared with other jobs renders the repo in well under this */
const BOUND_MS = 240_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** peak resident memory of the command and its children (kB), when /usr/bin/time is there */
  maxRssKb: number | undefined;
}

/** Runs scripts/<name>.ts as npm run does, measuring wall time and (with GNU time) peak memory. */
async function run(
  name: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const rss = path.join(os.tmpdir(), `zarish-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const command = [TSX, path.join(ROOT, 'scripts', `${name}.ts`), ...args];
  const [file, argv] = GNU_TIME
    ? [GNU_TIME, ['-q', '-f', '%M', '-o', rss, ...command]]
    : [command[0] as string, command.slice(1)];
  const start = Date.now();
  const r = await execa(file, argv, {
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: '1', PATH: `${path.join(os.homedir(), 'go/bin')}:${process.env.PATH ?? ''}`, ...options.env },
    reject: false,
  });
  const ms = Date.now() - start;
  let maxRssKb: number | undefined;
  if (GNU_TIME && existsSync(rss)) maxRssKb = Number(readFileSync(rss, 'utf8').trim().split('\n').pop());
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), ms, maxRssKb };
}

/** Every file under `dir` (symlinks not followed) with a content hash, for "nothing else changed". */
function snapshot(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full);
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.set(rel, createHash('sha1').update(readFileSync(full)).digest('hex'));
      else out.set(rel, e.isSymbolicLink() ? `link:${readlinkSync(full)}` : 'special');
    }
  };
  walk(dir);
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/** A repo copy inside an otherwise empty directory, so an escape from the repo is visible. */
async function jailedRepo(): Promise<{ outer: string; repo: string }> {
  const outer = await tempDir('zarish-jail-');
  const repo = path.join(outer, 'repo');
  await cp(await repoCopy(), repo, { recursive: true });
  await cp(path.join(ROOT, 'policy.yaml'), path.join(repo, 'policy.yaml'));
  return { outer, repo };
}

/**
 * The app-of-apps Applications (argocd/bootstrap.yaml, or one argocd/<cluster>/bootstrap.yaml per
 * site's Argo CD), found the way the pipeline finds them: the file, the folder it syncs, the repo URL.
 */
async function appsOfApps(repo: string): Promise<{ file: string; path: string; repoURL: string }[]> {
  return Promise.all(
    bootstrapFiles(repo, await loadClusters(repo)).map(async ({ file }) => {
      const source = (
        parse(await readFile(path.join(repo, file), 'utf8')) as { spec: { source: { repoURL: string; path: string } } }
      ).spec.source;
      return { file, path: source.path.replace(/\/$/, ''), repoURL: String(source.repoURL) };
    }),
  );
}

/** How many targets Argo CD's model deploys from this tree (what a full validate reports as units). */
async function targetCount(repo: string): Promise<number> {
  return (await loadPipeline(repo)).targets.length;
}

async function appendResource(kustomization: string, entry: string): Promise<void> {
  const text = await readFile(kustomization, 'utf8');
  await writeFile(kustomization, text.replace(/^resources:\n/m, `resources:\n  - ${entry}\n`));
}

/** A YAML alias bomb small enough to read, big enough to take gigabytes when expanded (9^8 strings). */
function aliasBomb(): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: bomb',
    'data:',
    `  a0: &a0 [${Array(9).fill('"lol"').join(',')}]`,
  ];
  for (let i = 1; i < 8; i++)
    lines.push(
      `  a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const servers: net.Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

describe('path traversal (Application names and source paths)', () => {
  it('refuses an Application named ../../escaped: exit 1, one line, nothing written outside the repo', async () => {
    const { outer, repo } = await jailedRepo();
    // one site's Argo CD deploys it: added to what its app of apps syncs
    const [app] = await appsOfApps(repo);
    if (!app) throw new Error('no app of apps in the repo');
    const { repoURL } = app;
    await writeFile(
      path.join(repo, app.path, 'escaped.yaml'),
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  ` +
        `name: ../../escaped\n  namespace: argocd\nspec:\n  project: ` +
        `platform\n  source:\n    repoURL: ${repoURL}\n    targetRevision: ` +
        `main\n    path: overlays/dev\n  destination:\n    server: ` +
        `https://kubernetes.default.svc\n    namespace: zarish-his-dev\n`,
    );
    await appendResource(path.join(repo, app.path, 'kustomization.yaml'), 'escaped.yaml');
    const before = snapshot(outer);
    const r = await run('render', ['--root', repo]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('Application "../../escaped" refused: its name is not a DNS-1123 subdomain');
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('render:')),
    ).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(changed(before, snapshot(outer))).toEqual([]);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('refuses an Application whose source.path leaves the repository, as Argo CD does', async () => {
    const { outer, repo } = await jailedRepo();
    const [app] = await appsOfApps(repo);
    if (!app) throw new Error('no app of apps in the repo');
    const { repoURL } = app;
    await writeFile(
      path.join(repo, app.path, 'outside.yaml'),
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  ` +
        `name: outside\n  namespace: argocd\nspec:\n  project: platform\n  ` +
        `source:\n    repoURL: ${repoURL}\n    targetRevision: main\n    path: ` +
        `overlays/../../..\n  destination:\n    server: ` +
        `https://kubernetes.default.svc\n    namespace: zarish-his-dev\n`,
    );
    await appendResource(path.join(repo, app.path, 'kustomization.yaml'), 'outside.yaml');
    const before = snapshot(outer);
    for (const command of ['render', 'validate']) {
      const r = await run(command, ['--root', repo]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(
        'Application outside refused: spec.source.path overlays/../../..: app path outside root (Argo CD refuses it',
      );
    }
    expect(changed(before, snapshot(outer))).toEqual([]);
  });
});

describe('resource exhaustion', () => {
  it(
    'stops a YAML alias bomb in a base at the memory limit: a finding per ' +
      'target naming it and the limit; the rest validated',
    async () => {
      const { outer, repo } = await jailedRepo();
      await writeFile(path.join(repo, 'base/namespace/bomb.yaml'), aliasBomb());
      await appendResource(path.join(repo, 'base/namespace/kustomization.yaml'), 'bomb.yaml');
      const before = snapshot(outer);
      const report = path.join(outer, 'report.json');
      const r = await run('validate', [
        '--root',
        repo,
        '--max-memory',
        '2GiB',
        '--jobs',
        '2',
        '--format',
        'json',
        '--output',
        report,
      ]);
      expect(r.code, r.stderr).toBe(1);
      const json = JSON.parse(await readFile(report, 'utf8')) as {
        findings: { ruleId: string; unit: string; file: string; message: string }[];
      };
      const stopped = json.findings.filter((f) => f.ruleId === 'BLD-001');
      expect(stopped.map((f) => f.unit).sort()).toEqual([
        'zarish-his-dev',
        'zarish-his-dr',
        'zarish-his-prod',
        'zarish-his-staging',
      ]);
      for (const f of stopped)
        expect(f.message).toMatch(
          /^kustomize build overlays\/\w+ stopped: it exceeded the memory limit of 2GiB \(--max-memory\)$/,
        );
      // the cluster and Argo CD targets do not include the bomb: still validated
      expect(
        json.findings.some((f) => f.unit === 'zarish-his-cluster-dhaka' || f.unit === 'zarish-his-bootstrap'),
      ).toBe(true);
      expect(changed(before, snapshot(outer))).toEqual(['report.json']);
      expect(r.ms).toBeLessThan(BOUND_MS);
      // 2 GiB of address space per kustomize (resident is less); node itself stays well under that
      if (r.maxRssKb !== undefined) expect(r.maxRssKb).toBeLessThan(2 * 1024 * 1024);
    },
  );

  it('render with the bomb fails with one line per target naming the limit, and writes nothing', async () => {
    const { outer, repo } = await jailedRepo();
    await writeFile(path.join(repo, 'base/namespace/bomb.yaml'), aliasBomb());
    await appendResource(path.join(repo, 'base/namespace/kustomization.yaml'), 'bomb.yaml');
    const before = snapshot(outer);
    const r = await run('render', ['--root', repo, '--max-memory', '2GiB', '--timeout', '200s']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('4 targets failed to build');
    expect(r.stderr).toContain(
      'kustomize build overlays/prod stopped: it exceeded the memory limit of 2GiB (--max-memory)',
    );
    expect(changed(before, snapshot(outer))).toEqual([]);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('a build that runs past --timeout is stopped with one line naming the target and the limit', async () => {
    const { repo } = await jailedRepo();
    // the first builds are the apps of apps (one per Argo CD, built in parallel): any of them may be reported
    const bootstraps = (await appsOfApps(repo)).map((a) => a.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    expect(bootstraps.length).toBeGreaterThan(0);
    const slow = path.join(repo, 'slow-kustomize');
    await writeFile(slow, '#!/bin/sh\n[ "$1" = version ] && { echo v5.8.1; exit 0; }\nexec sleep 600\n', {
      mode: 0o755,
    });
    const r = await run('validate', ['--root', repo, '--timeout', '2s', '--format', 'json'], {
      env: { KUSTOMIZE: slow },
    });
    expect(r.code).toBe(2); // the bootstrap build (Argo CD's model) cannot be skipped: a tool error
    expect(r.stderr).toMatch(
      new RegExp(
        `kustomize build \\S*/(${bootstraps.join('|')}) stopped: it ran longer than the 2s limit \\(--timeout\\)$`,
      ),
    );
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('an alias bomb given as a file is a finding with file and line, not a stack trace', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'bomb.yaml'), aliasBomb());
    const r = await run('validate', ['bomb.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as {
      findings: { ruleId: string; file: string; line: number; message: string }[];
    };
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({ ruleId: 'SCH-001', line: 1 });
    expect(json.findings[0]?.file).toMatch(/bomb\.yaml$/);
    expect(json.findings[0]?.message).toContain('expands more than 100 aliases');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('nesting deeper than the bound is a finding, found before the (recursive) parser runs', () => {
    const deep = `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    const block =
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n` +
      `${Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n')} ` +
      `1\n`;
    const flow = parseManifests(deep, 'deep.yaml', 'u');
    expect(flow.findings.map((f) => [f.ruleId, f.line])).toEqual([['SCH-001', 1]]);
    expect(flow.findings[0]?.message).toContain('nests deeper than 100 levels');
    const nested = parseManifests(block, 'block.yaml', 'u');
    expect(nested.findings.map((f) => f.ruleId)).toEqual(['SCH-001']);
    expect(nested.resources).toEqual([]);
  });

  it(
    'parse cost is linear: 4x the keys of one ConfigMap costs about 4x, ' +
      "not 16x (the parser's uniqueKeys was quadratic)",
    () => {
      const configMap = (keys: number) =>
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: big',
          'data:',
          ...Array.from({ length: keys }, (_, i) => `  key-${i}: "${'x'.repeat(100)}"`),
          '  key-7: again',
        ].join('\n');
      const cpuMs = (keys: number): number => {
        const text = configMap(keys);
        let best = Infinity;
        for (let i = 0; i < 2; i++) {
          const t = process.cpuUsage();
          const parsed = parseManifests(text, 'big.yaml', 'u');
          const d = process.cpuUsage(t);
          best = Math.min(best, (d.user + d.system) / 1000);
          // duplicate keys are still found, at the repeated key's line
          expect(parsed.findings.map((f) => [f.ruleId, f.line])).toEqual([['SCH-002', keys + 6]]);
        }
        return best;
      };
      const small = cpuMs(5_000);
      const large = cpuMs(20_000);
      // quadratic would be 16x; linear 4x; the bound leaves room for a noisy machine
      expect(large / small).toBeLessThan(10);
    },
  );

  it('a document above the API server request size is a finding (INP-001), and still checked', () => {
    const text =
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  a: ` + `"${'x'.repeat(3.5 * 1024 * 1024)}"\n`;
    const parsed = parseManifests(text, 'huge.yaml', 'u');
    expect(parsed.findings.map((f) => [f.ruleId, f.line])).toEqual([['INP-001', 1]]);
    expect(parsed.findings[0]?.message).toContain('the API server refuses larger requests');
    expect(parsed.resources).toHaveLength(1);
  });
});

describe('remote bases', () => {
  it(
    'are refused by default: a BLD-002 finding at the kustomization line, ' + 'no network, the other targets validated',
    async () => {
      const { outer, repo } = await jailedRepo();
      const units = await targetCount(repo);
      await appendResource(
        path.join(repo, 'overlays/dev/kustomization.yaml'),
        'https://example.invalid/zarish/base.yaml',
      );
      const before = snapshot(outer);
      const report = path.join(outer, 'r.json');
      const r = await run('validate', ['--root', repo, '--format', 'json', '--output', report]);
      expect(r.code, r.stderr).toBe(1);
      const json = JSON.parse(await readFile(report, 'utf8')) as {
        findings: { ruleId: string; unit: string; file: string; line: number; message: string }[];
        summary: { units: number };
      };
      const refused = json.findings.filter((f) => f.ruleId === 'BLD-002');
      expect(refused.map((f) => [f.unit, f.file, f.line])).toEqual([
        [
          'zarish-his-dev',
          'overlays/dev/kustomization.yaml',
          (await readFile(path.join(repo, 'overlays/dev/kustomization.yaml'), 'utf8'))
            .split('\n')
            .indexOf('  - https://example.invalid/zarish/base.yaml') + 1,
        ],
      ]);
      expect(refused[0]?.message).toContain('is a remote base');
      expect(json.summary.units).toBe(units);
      expect(changed(before, snapshot(outer))).toEqual(['r.json']);
    },
  );

  it('when allowed, a remote base on a host that never answers is stopped by the remote timeout', async () => {
    const { repo } = await jailedRepo();
    const server = net.createServer(() => undefined); // accepts, never answers
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const dir = path.join(repo, 'remote');
    await mkdir(dir);
    await writeFile(path.join(dir, 'kustomization.yaml'), `resources:\n  - http://127.0.0.1:${port}/base.yaml\n`);
    const r = await run('validate', ['remote', '--root', repo, '--allow-remote-bases', '--format', 'json'], {
      cwd: repo,
      env: { ZARISH_REMOTE_TIMEOUT: '3s' },
    });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] };
    expect(json.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        'BLD-001',
        'kustomize build remote stopped: it ran longer than the 3s limit (remote bases: ZARISH_REMOTE_TIMEOUT)',
      ],
    ]);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });
});

describe('kustomize errors', () => {
  it(
    "carry kustomize's whole message and the file:line:column of the repo " +
      'file that does not parse; the other targets are still reported',
    async () => {
      const { outer, repo } = await jailedRepo();
      const units = await targetCount(repo);
      const kfile = path.join(repo, 'overlays/staging/kustomization.yaml');
      await writeFile(
        path.join(repo, 'overlays/staging/bad-patch.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ' +
          'patient-registry\nspec:\n  replicas: 2\n   template: {}\n',
      );
      await writeFile(
        kfile,
        (await readFile(kfile, 'utf8')).replace(/^patches:\n/m, 'patches:\n  - path: bad-patch.yaml\n'),
      );
      const before = snapshot(outer);
      const report = path.join(outer, 'r.json');
      const r = await run('validate', ['--root', repo, '--format', 'json', '--output', report]);
      expect(r.code, r.stderr).toBe(1);
      const json = JSON.parse(await readFile(report, 'utf8')) as {
        findings: { ruleId: string; unit: string; file: string; line: number; message: string }[];
        summary: { units: number };
      };
      const failed = json.findings.filter((f) => f.ruleId === 'BLD-001');
      // kustomize names no line ("unable to parse SM or JSON patch"); the YAML parser places the error where
      // the mis-indented key turns "2" into a multi-line key: line 6, column 13
      expect(failed.map((f) => [f.unit, f.file, f.line])).toEqual([
        ['zarish-his-staging', 'overlays/staging/bad-patch.yaml', 6],
      ]);
      expect(failed[0]?.message).toMatch(
        /^kustomize build overlays\/staging failed: trouble configuring builtin PatchTransformer with config: /,
      );
      expect(failed[0]?.message).toContain(
        '` path: bad-patch.yaml `: unable to parse SM or JSON patch from [path: "bad-patch.yaml"] ' +
          '[overlays/staging/bad-patch.yaml:6:13: ',
      );
      expect(json.summary.units).toBe(units);
      expect(json.findings.some((f) => f.unit === 'zarish-his-prod')).toBe(true);
      expect(changed(before, snapshot(outer))).toEqual(['r.json']);
    },
  );
});

describe('concurrent writers', () => {
  async function gitRepo(): Promise<string> {
    const { repo } = await jailedRepo();
    await execa('git', ['init', '-q'], { cwd: repo });
    await execa('git', ['add', '-A'], { cwd: repo });
    await execa('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base'], { cwd: repo });
    return repo;
  }

  it('two bumps of different services at once serialise: both edits are kept', async () => {
    const repo = await gitRepo();
    const [a, b] = await Promise.all([
      run('bump', ['patient-registry', '9.9.1', '--env', 'dev', '--root', repo]),
      run('bump', ['billing-engine', '9.9.2', '--env', 'dev', '--root', repo]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const text = await readFile(path.join(repo, 'overlays/dev/kustomization.yaml'), 'utf8');
    expect(text).toContain('9.9.1');
    expect(text).toContain('9.9.2');
    expect(`${a.stderr}${b.stderr}`).toContain('waiting for bump (pid');
    const status = await execa('git', ['status', '--porcelain'], { cwd: repo });
    expect(
      String(status.stdout)
        .split('\n')
        .map((l) => l.trim()),
    ).toEqual(['M overlays/dev/kustomization.yaml']);
    expect(existsSync(path.join(repo, '.zarish-his.lock'))).toBe(false);
  });

  it('a held lock makes the second writer fail naming the holder; a stale lock (dead pid) is taken over', async () => {
    const repo = await gitRepo();
    const lock = path.join(repo, '.zarish-his.lock');
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.pid,
        host: os.hostname(),
        command: 'promote',
        started: '2026-12-01T00:00:00.000Z',
      }),
    );
    const held = await run('bump', ['patient-registry', '9.9.3', '--env', 'dev', '--root', repo], {
      env: { ZARISH_LOCK_WAIT: '1' },
    });
    expect(held.code).toBe(2);
    expect(held.stderr).toContain(
      `another command is changing this repository: promote (pid ` +
        `${process.pid} on ${os.hostname()}, since 2026-12-01T00:00:00.000Z)`,
    );
    expect(await readFile(path.join(repo, 'overlays/dev/kustomization.yaml'), 'utf8')).not.toContain('9.9.3');
    const gone = execa('true');
    const dead = { pid: gone.pid as number };
    await gone;
    writeFileSync(
      lock,
      JSON.stringify({ pid: dead.pid, host: os.hostname(), command: 'bump', started: '2026-12-01T00:00:00.000Z' }),
    );
    const stale = await run('bump', ['patient-registry', '9.9.3', '--env', 'dev', '--root', repo], {
      env: { ZARISH_LOCK_WAIT: '1' },
    });
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toContain(`taking over a stale lock: bump (pid ${dead.pid}`);
    expect(await readFile(path.join(repo, 'overlays/dev/kustomization.yaml'), 'utf8')).toContain('9.9.3');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('--output', () => {
  async function manifestDir(): Promise<string> {
    const dir = await tempDir();
    await cp(path.join(ROOT, 'tests/fixtures/rules/SCH-003-type-meta/pass.yaml'), path.join(dir, 'ok.yaml'));
    return dir;
  }

  it('writes through a symlink (the link stays, its target gets the report)', async () => {
    const dir = await manifestDir();
    writeFileSync(path.join(dir, 'real.json'), 'old');
    symlinkSync('real.json', path.join(dir, 'link.json'));
    const r = await run('validate', ['ok.yaml', '--format', 'json', '--output', 'link.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'real.json'), 'utf8'))).toHaveProperty('summary');
  });

  it('refuses a FIFO, a device and a directory, leaving them as they were', async () => {
    const dir = await manifestDir();
    await execa('mkfifo', [path.join(dir, 'fifo.json')]);
    mkdirSync(path.join(dir, 'adir'));
    symlinkSync('/dev/null', path.join(dir, 'null.json'));
    const before = snapshot(dir);
    for (const [target, what] of [
      ['fifo.json', 'a FIFO'],
      ['null.json', 'a device'],
      ['adir', 'a directory'],
    ] as const) {
      const r = await run('validate', ['ok.yaml', '--output', target], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--output ${target}: `);
      expect(r.stderr).toContain(`is ${what}; refused`);
    }
    expect(changed(before, snapshot(dir))).toEqual([]);
    expect(statSync(path.join(dir, 'fifo.json')).isFIFO()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('interrupted diff', () => {
  it('a diff killed with SIGKILL leaves a worktree and a checkout; the next run removes them', async () => {
    const { repo } = await jailedRepo();
    const git = (...args: string[]) =>
      execa('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-qm', 'base');
    // one node process (no tsx wrapper), so SIGKILL hits the command itself
    const child = execa(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/diff.ts'), '--base', 'main', '--root', repo],
      { cwd: ROOT, reject: false, env: { PATH: `${path.join(os.homedir(), 'go/bin')}:${process.env.PATH ?? ''}` } },
    );
    const deadline = Date.now() + BOUND_MS;
    let leftover: string | undefined;
    while (!leftover && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const list = String((await git('worktree', 'list', '--porcelain')).stdout);
      leftover = /worktree (\S*zarish-diff-\d+-[^/\s]+)\/tree/.exec(list)?.[1];
    }
    expect(leftover).toBeDefined();
    child.kill('SIGKILL');
    await child;
    expect(existsSync(leftover as string)).toBe(true);
    const again = await run('diff', ['--base', 'main', '--root', repo]);
    expect(again.code, again.stderr).toBe(0);
    expect(String((await git('worktree', 'list', '--porcelain')).stdout)).not.toContain('zarish-diff-');
    expect(existsSync(leftover as string)).toBe(false);
    expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith(`zarish-diff-${child.pid}-`))).toEqual([]);
  });
});

describe('input that is not what it seems', () => {
  it('a FIFO named *.yaml is skipped with a finding, never opened (the command ends)', async () => {
    const dir = await tempDir();
    await cp(path.join(ROOT, 'tests/fixtures/rules/SCH-003-type-meta/pass.yaml'), path.join(dir, 'ok.yaml'));
    await execa('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const r = await run('validate', ['.', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as {
      findings: { ruleId: string; file: string; line: number; message: string }[];
    };
    expect(
      json.findings
        .filter((f) => f.ruleId === 'INP-001')
        .map((f) => [f.file.endsWith('pipe.yaml'), f.line, f.message.includes('not a regular file')]),
    ).toEqual([[true, 1, true]]);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('invalid UTF-8 is a finding at its line, not silently replaced', async () => {
    const dir = await tempDir();
    writeFileSync(
      path.join(dir, 'latin1.yaml'),
      Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  city: "Cox'),
        Buffer.from([0xe9]),
        Buffer.from('s Bazar"\n'),
      ]),
    );
    const r = await run('validate', ['latin1.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; message: string }[] };
    expect(json.findings.map((f) => [f.ruleId, f.line])).toEqual([['INP-001', 6]]);
    expect(json.findings[0]?.message).toContain('is not valid UTF-8 (byte 0xe9');
  });

  it('a directory with no manifests is a finding, not "OK, 0 resources"', async () => {
    const dir = await tempDir();
    mkdirSync(path.join(dir, 'empty'));
    writeFileSync(path.join(dir, 'empty/README.md'), 'nothing here\n');
    const r = await run('validate', ['empty', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] };
    expect(json.findings.map((f) => f.ruleId)).toEqual(['INP-001']);
    expect(json.findings[0]?.message).toContain('empty holds no YAML files');
  });

  it('paths are relative to the directory npm run was started from (INIT_CWD), not the repo root', async () => {
    const { repo } = await jailedRepo();
    const sub = path.join(repo, 'base/namespace');
    // what npm sets when a user runs `npm run validate -- namespace.yaml` in base/namespace
    const env = { INIT_CWD: sub, npm_lifecycle_script: 'tsx scripts/validate.ts', npm_lifecycle_event: 'validate' };
    const r = await run('validate', ['namespace.yaml', '--format', 'json', '--output', 'report.json'], {
      cwd: repo,
      env,
    });
    expect(r.code, r.stderr).toBeLessThan(2);
    const json = JSON.parse(await readFile(path.join(sub, 'report.json'), 'utf8')) as {
      summary: { resources: number };
    };
    expect(json.summary.resources).toBeGreaterThan(0);
    expect(existsSync(path.join(repo, 'report.json'))).toBe(false);
  });
});

describe('the GitHub workflow', () => {
  const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/pull-request.yml'), 'utf8')) as {
    jobs: Record<
      string,
      { steps: { name?: string; run?: string; uses?: string; if?: string; 'continue-on-error'?: boolean }[] }
    >;
  };
  const steps = workflow.jobs.validate?.steps ?? [];

  it('validates once per pull request, writing every report format from that one run', () => {
    const runs = steps.filter((s) => /npm run validate/.test(s.run ?? ''));
    expect(runs).toHaveLength(1);
    expect(runs[0]?.run).toMatch(/--format github/);
    expect(runs[0]?.run).toMatch(/--report sarif=validate\.sarif/);
    expect(runs[0]?.run).toMatch(/--report junit=/);
  });

  it('never turns the job red for a SARIF upload that a fork or a private repo without code scanning refuses', () => {
    const upload = steps.find((s) => (s.uses ?? '').startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.['continue-on-error']).toBe(true);
    expect(upload?.if).toContain("hashFiles('validate.sarif')");
    expect(upload?.if).toContain('always()');
  });
});

describe('the checks themselves (pure)', async () => {
  const { applicationNameProblem, sourcePathProblem } = await import('../scripts/lib/safety/names.js');
  const { isRemoteEntry } = await import('../scripts/lib/safety/graph.js');
  const { parseBytes, parseDuration } = await import('../scripts/lib/safety/limits.js');
  const { firstInvalidUtf8 } = await import('../scripts/lib/safety/input.js');

  it('Application names are DNS-1123 subdomains', () => {
    for (const ok of ['zarish-his-dev', 'a', 'a.b-c', '0abc']) expect(applicationNameProblem(ok), ok).toBeUndefined();
    for (const bad of ['../../escaped', 'Upper', '-x', 'x-', 'a/b', '', 'a'.repeat(254), 'a..b'])
      expect(applicationNameProblem(bad), bad).toBeDefined();
  });

  it("source paths are refused with the messages of Argo CD's repo server (util/app/path)", () => {
    expect(sourcePathProblem('/etc/passwd')).toBe('/etc/passwd: app path is absolute');
    expect(sourcePathProblem('..')).toBe('..: app path outside root');
    expect(sourcePathProblem('../')).toBe('../: app path outside root');
    expect(sourcePathProblem('overlays/../../x')).toBe('overlays/../../x: app path outside root');
    for (const ok of ['.', './', 'overlays/dev', 'overlays/../base']) expect(sourcePathProblem(ok), ok).toBeUndefined();
  });

  it('remote bases are recognised as kustomize reads them; local paths are not', () => {
    for (const remote of [
      'https://github.com/org/repo//base?ref=v1',
      'git::https://x/y',
      'ssh://git@github.com/org/repo',
      'git@github.com:org/repo.git',
      'github.com/org/repo/base?ref=main',
      'file:///etc',
    ])
      expect(isRemoteEntry(remote, ROOT), remote).toBe(true);
    for (const local of ['../../base', 'base/patient-registry', 'patch.yaml', 'overlays/dev'])
      expect(isRemoteEntry(local, ROOT), local).toBe(false);
  });

  it('sizes and durations', () => {
    expect(parseBytes('4GiB', 'x')).toBe(4 * 1024 ** 3);
    expect(parseBytes('512Mi', 'x')).toBe(512 * 1024 ** 2);
    expect(parseBytes('0', 'x')).toBe(0);
    expect(() => parseBytes('lots', '--max-memory')).toThrow('--max-memory lots: expected a size like 4GiB');
    expect(parseDuration('2m', 'x')).toBe(120_000);
    expect(parseDuration('500ms', 'x')).toBe(500);
    expect(() => parseDuration('0', '--timeout')).toThrow('--timeout 0: expected a positive duration');
  });

  it('finds the first invalid UTF-8 byte (overlong, surrogate and truncated sequences included)', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo ✓ 😀'))).toBe(Buffer.from('héllo ✓ 😀').length);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x9c]))).toBe(2);
  });
});
