/**
 * The server group (validate --server) against a real kube-apiserver v1.35 + etcd: the shared
 * control plane of tests/server-setup.ts for the dry runs, and the CLI itself for the lifecycle
 * (its own control planes, Ctrl-C, SIGKILL, a crash). Skipped, saying why, when the binaries are
 * not installed (tools/kube-apiserver/install.sh; .ci/run installs them).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Finding } from '../scripts/lib/findings.js';
import { ApiClient, warningText, type ApiEndpoint } from '../scripts/lib/server/client.js';
import { emulatedVersion, startControlPlane, TEMP_PREFIX } from '../scripts/lib/server/controlplane.js';
import { findControlPlane } from '../scripts/lib/server/binaries.js';
import { parseFieldPath, resolvePath } from '../scripts/lib/server/dryrun.js';
import { validate } from '../scripts/lib/validate/run.js';
import { ROOT, runScript } from './helpers.js';

const shared = inject('sharedServer');
const SKIP = shared.skip ? `server tests skipped: ${shared.skip}` : undefined;
if (SKIP) console.warn(SKIP);
const endpoint = shared.server
  ? {
      server: shared.server,
      tls: { ca: shared.ca },
      headers: { Authorization: shared.authorization as string },
      label: 'the shared test kube-apiserver',
    }
  : undefined;

const FIXTURES = 'tests/fixtures/server';
const fixture = (name: string): string => `${FIXTURES}/${name}.yaml`;

/** The line of the `# rejected` (or `# warned`) marker in a fixture. */
function markedLine(name: string, marker = '# rejected'): number {
  const lines = readFileSync(path.join(ROOT, fixture(name)), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${name}: no ${marker} marker`);
  return i + 1;
}

async function serverFindings(name: string): Promise<Finding[]> {
  const result = await validate({
    root: ROOT,
    paths: [fixture(name)],
    groups: new Set(['server']),
    server: { endpoint },
  });
  return [...result.findings];
}

async function offlineFindings(name: string): Promise<Finding[]> {
  const result = await validate({ root: ROOT, paths: [fixture(name)] });
  return [...result.findings];
}

describe('server helpers (no control plane needed)', () => {
  it('parses the field paths the API server names', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].ports[1].containerPort')).toEqual([
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'ports',
      1,
      'containerPort',
    ]);
    expect(parseFieldPath('.metadata.labels[app.kubernetes.io/name]')).toEqual([
      'metadata',
      'labels',
      'app.kubernetes.io/name',
    ]);
  });
  it('resolves keyed list selectors and narrows a map the server names to the quoted entry', () => {
    const object = {
      metadata: { labels: { a: 'ok', app: 'not valid!' } },
      spec: { containers: [{ name: 'x' }, { name: 'app', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
    };
    expect(
      resolvePath(object, parseFieldPath('.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"].name')),
    ).toEqual(['spec', 'containers', 1, 'ports', 0, 'name']);
    expect(resolvePath(object, ['metadata', 'labels'], 'Invalid value: "not valid!": a valid label must be')).toEqual([
      'metadata',
      'labels',
      'app',
    ]);
  });
  it('reads the text of a Warning header', () => {
    expect(warningText('299 - "would violate PodSecurity \\"restricted:v1.35\\": x"')).toBe(
      'would violate PodSecurity "restricted:v1.35": x',
    );
  });
  it('emulates an older minor within three of the binary, refuses others', () => {
    expect(emulatedVersion('v1.35.4', '1.35')).toBeUndefined();
    expect(emulatedVersion('v1.35.4', '1.33')).toBe('1.33');
    expect(() => emulatedVersion('v1.35.4', '1.28')).toThrow(/serves 1.32 to 1.35/);
    expect(() => emulatedVersion('v1.35.4', '1.36')).toThrow(/serves 1.32 to 1.35/);
  });
  it(
    'without the binaries, --server is a one-line error saying how to get ' +
      'them (exit 2); the default run never needs them',
    async () => {
      const env = { ZARISH_KUBE_APISERVER: '/nonexistent/kube-apiserver' };
      const run = await runScript('validate', ['--server', fixture('clean')], { env });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^validate: --server needs kube-apiserver v1\.35\.4 and etcd v3\.6\.6; not found: /);
      expect(run.stderr).toContain('/nonexistent/kube-apiserver (run tools/kube-apiserver/install.sh');
      const offline = await runScript('validate', ['--only', 'schema', fixture('clean')], { env });
      expect(offline.code).toBe(0);
    },
  );
});

/**
 * The differential corpus: each manifest is rejected by the API server (SRV-001, at the line marked
 * `# rejected`) and by an offline rule (at the same line, or the one marked `# offline` when it
 * points at the other side of the same problem). `offline` names the rule that must agree.
 */
const CORPUS: readonly { name: string; server: RegExp; offline: string }[] = [
  { name: 'invalid-name', server: /metadata\.name: Invalid value: "Bad_Name"/, offline: 'SCH-009' },
  { name: 'label-value', server: /metadata\.labels: Invalid value: "not valid!"/, offline: 'SCH-009' },
  { name: 'quantity', server: /quantities must match the regular expression/, offline: 'SCH-019' },
  {
    name: 'port-range',
    server: /containerPort: Invalid value: 70000: must be between 1 and 65535/,
    offline: 'SCH-018',
  },
  {
    name: 'port-name',
    server: /ports\[0\]\.name: Invalid value: "this-name-is-too-long": must be no more than 15 characters/,
    offline: 'SCH-017',
  },
  {
    name: 'selector-mismatch',
    server: /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
    offline: 'SCH-016',
  },
  { name: 'enum', server: /imagePullPolicy: Unsupported value: "Sometimes"/, offline: 'SCH-007' },
  {
    name: 'requests-above-limits',
    server: /resources\.requests: Invalid value: "2": must be less than or equal to cpu limit/,
    offline: 'SCH-019',
  },
  {
    name: 'hpa-min-max',
    server: /spec\.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`/,
    offline: 'SCH-021',
  },
  { name: 'missing-name', server: /metadata\.name: Required value/, offline: 'SCH-009' },
];

describe.skipIf(SKIP)('the server and the offline groups agree on the corpus', { timeout: 300_000 }, () => {
  for (const c of CORPUS) {
    it(`${c.name}: rejected by the server (SRV-001) and by ${c.offline}, at the same line`, async () => {
      const [server, offline] = await Promise.all([serverFindings(c.name), offlineFindings(c.name)]);
      const line = markedLine(c.name);
      const srv = server.filter((f) => f.ruleId === 'SRV-001');
      expect(srv.map((f) => f.message).join('\n'), 'server verdict').toMatch(c.server);
      const hit = srv.find((f) => c.server.test(f.message)) as Finding;
      expect([hit.file, hit.line, hit.severity]).toEqual([fixture(c.name), line, 'error']);
      const off = offline.filter((f) => f.ruleId === c.offline && f.severity === 'error');
      expect(
        off.map((f) => `${f.line} ${f.message}`),
        `offline verdict (${c.offline})`,
      ).not.toEqual([]);
      // where the offline rule points at another field of the same problem, the fixture marks it `# offline`
      const offlineLine = readFileSync(path.join(ROOT, fixture(c.name)), 'utf8').includes('# offline')
        ? markedLine(c.name, '# offline')
        : line;
      expect(
        off.map((f) => f.line),
        `offline ${c.offline} at the marked line`,
      ).toContain(offlineLine);
    });
  }

  it(
    'pod-security: a restricted namespace warns about the Deployment ' +
      '(SRV-002 at the container), as SEC-R-* do offline',
    async () => {
      const [server, offline] = await Promise.all([serverFindings('pod-security'), offlineFindings('pod-security')]);
      const srv = server.filter((f) => f.ruleId === 'SRV-002');
      expect(srv).toHaveLength(1);
      expect(srv[0]).toMatchObject({
        severity: 'warning',
        file: fixture('pod-security'),
        line: markedLine('pod-security', '# warned'),
      });
      expect(srv[0]?.message).toMatch(
        /would violate PodSecurity "restricted:v1\.35": allowPrivilegeEscalation != false/,
      );
      expect(server.filter((f) => f.ruleId === 'SRV-001')).toEqual([]);
      const rules = new Set(offline.filter((f) => f.ruleId.startsWith('SEC-R-')).map((f) => f.ruleId));
      expect([...rules].sort()).toEqual(['SEC-R-02', 'SEC-R-03', 'SEC-R-05', 'SEC-R-06']);
    },
  );

  it('clean: accepted by the server (no finding) and by the schema group', async () => {
    const [server, offline] = await Promise.all([
      serverFindings('clean'),
      validate({ root: ROOT, paths: [fixture('clean')], groups: new Set(['schema', 'security']) }),
    ]);
    expect(server).toEqual([]);
    expect(offline.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it("cel-rule: the server enforces the CRD's CEL rule (SRV-001 at spec)", async () => {
    const server = await serverFindings('cel-rule');
    const srv = server.filter((f) => f.ruleId === 'SRV-001');
    expect(srv.map((f) => f.message).join('\n')).toMatch(/imageName and imageCatalogRef are mutually exclusive/);
    expect(srv[0]).toMatchObject({ file: fixture('cel-rule'), line: markedLine('cel-rule') });
  });

  // The offline schema group evaluates the CRD's x-kubernetes-validations with a CEL library (SCH-022).
  it("cel-rule: the offline groups reject it too, at the same line (SCH-022, the CRD's CEL rule)", async () => {
    const offline = await offlineFindings('cel-rule');
    const cel = offline.filter((f) => f.ruleId === 'SCH-022' && f.severity === 'error');
    expect(cel.map((f) => f.message).join('\n')).toMatch(/imageName and imageCatalogRef are mutually exclusive/);
    expect(cel.map((f) => f.line)).toContain(markedLine('cel-rule'));
  });

  it('the repo: every rendered resource of every target passes the dry run (no SRV-001, no SRV-002)', async () => {
    const result = await validate({
      root: ROOT,
      paths: [],
      groups: new Set(['server']),
      server: { endpoint },
      writeRendered: false,
    });
    const bad = result.findings.filter((f) => !f.waived && (f.ruleId === 'SRV-001' || f.ruleId === 'SRV-002'));
    expect(bad.map((f) => `${f.unit} ${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
    expect(result.summary.resources).toBeGreaterThan(300);
  });
});

describe.skipIf(SKIP)('--kubeconfig: a real cluster, read-only', { timeout: 300_000 }, () => {
  it('dry-runs through the context named, creates nothing, and says what it could not check', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zarish-srv-kubeconfig-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    const token = String(shared.authorization).replace(/^Bearer /, '');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: other',
        'clusters:',
        `  - name: shared`,
        `    cluster: {server: "${shared.server}", certificate-authority-data: ` +
          `${Buffer.from(String(shared.ca)).toString('base64')}}`,
        '  - name: nowhere',
        '    cluster: {server: "https://127.0.0.1:9"}',
        'users:',
        `  - name: tester`,
        `    user: {token: ${token}}`,
        'contexts:',
        '  - name: shared',
        '    context: {cluster: shared, user: tester}',
        '  - name: other',
        '    context: {cluster: nowhere, user: tester}',
        '',
      ].join('\n'),
    );
    const manifest = path.join(dir, 'new-namespace.yaml');
    await writeFile(
      manifest,
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ' +
        'srv-kubeconfig-new\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n ' +
        ' name: in-new\n  namespace: srv-kubeconfig-new\ndata: {a: b}\n',
    );
    const bad = await validate({
      root: ROOT,
      paths: [fixture('invalid-name')],
      groups: new Set(['server']),
      server: { kubeconfig, context: 'shared' },
    });
    expect(bad.findings.map((f) => `${f.ruleId} ${f.line}`)).toEqual([`SRV-001 ${markedLine('invalid-name')}`]);
    const fresh = await validate({
      root: ROOT,
      paths: [manifest],
      groups: new Set(['server']),
      server: { kubeconfig, context: 'shared' },
    });
    expect(fresh.findings).toEqual([]);
    expect(fresh.notes.join('\n')).toMatch(
      /namespace srv-kubeconfig-new does not exist; its 1 resources were not dry-run/,
    );
    const client = new ApiClient(endpoint as ApiEndpoint);
    expect((await client.request('GET', '/api/v1/namespaces/srv-kubeconfig-new')).status).toBe(404);
    client.close();
    await expect(
      validate({
        root: ROOT,
        paths: [manifest],
        groups: new Set(['server']),
        server: { kubeconfig, context: 'missing' },
      }),
    ).rejects.toThrow(/--context missing: no such context/);
    await rm(dir, { recursive: true, force: true });
  });
});

// ---- the command's own control planes: exit paths ------------------------------------------

/** Pids of live processes whose command line names `text` (Linux /proc). */
function processesNaming(text: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `validate --only server FILE` with its own TMPDIR; returns the child and that directory. */
async function startCli(file: string) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'zarish-srv-cli-'));
  // node itself (not the tsx wrapper, which would relay signals): the process killed is the one that owns the control
  // plane
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/validate.ts'), '--only', 'server', file],
    {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return { child, tmp, exited, stderr: () => stderr };
}

/** The control plane directory the CLI made in its TMPDIR, once `count` children are recorded. */
function controlPlaneDir(tmp: string, count: number, owner?: number): string | undefined {
  for (const e of existsSync(tmp) ? readdirSync(tmp) : []) {
    if (!e.startsWith(TEMP_PREFIX)) continue;
    try {
      const state = JSON.parse(readFileSync(path.join(tmp, e, 'state.json'), 'utf8')) as {
        owner: number;
        pids: number[];
      };
      if (owner !== undefined) expect(state.owner).toBe(owner);
      if (state.pids.length >= count) return path.join(tmp, e);
    } catch {
      // being written
    }
  }
  return undefined;
}

/** The control plane directories in a TMPDIR (tsx keeps its own cache there too). */
function ours(tmp: string): string[] {
  return readdirSync(tmp).filter((e) => e.startsWith(TEMP_PREFIX));
}

async function expectNothingLeft(tmp: string, dir: string): Promise<void> {
  await waitFor(
    'the control plane processes to end',
    () => (processesNaming(dir).length === 0 ? true : undefined),
    30_000,
  );
  await waitFor('the temporary directory to go', () => (ours(tmp).length === 0 ? true : undefined), 30_000);
  await rm(tmp, { recursive: true, force: true });
}

// Each of these starts its own control plane (and installs the CRDs): minutes on a loaded 2-core machine.
describe.skipIf(SKIP)('validate --server cleans up on every exit path', { timeout: 600_000 }, () => {
  it('a normal run: exit 0 on the clean corpus, --timings reports the server phases, nothing left behind', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'zarish-srv-cli-'));
    const run = await runScript('validate', ['--only', 'server', '--timings', fixture('clean')], {
      env: { TMPDIR: tmp },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/server-ready \d+\.\d+s, server-crds \d+\.\d+s, server-dry-run \d+\.\d+s/);
    expect(ours(tmp)).toEqual([]);
    await rm(tmp, { recursive: true, force: true });
  });

  it('findings: exit 1, nothing left behind', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'zarish-srv-cli-'));
    const run = await runScript('validate', ['--only', 'server', fixture('port-range')], { env: { TMPDIR: tmp } });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('SRV-001');
    expect(ours(tmp)).toEqual([]);
    await rm(tmp, { recursive: true, force: true });
  });

  it('Ctrl-C (SIGINT) while the API server runs: exit 130, no process, no directory', async () => {
    const cli = await startCli(fixture('clean'));
    const dir = await waitFor('the control plane to start', () => controlPlaneDir(cli.tmp, 2, cli.child.pid));
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    expect(code, cli.stderr()).toBe(130);
    await expectNothingLeft(cli.tmp, dir);
  });

  it('SIGKILL of the command while etcd starts: the watchdog removes processes and directory', async () => {
    const cli = await startCli(fixture('clean'));
    const dir = await waitFor('etcd to start', () => controlPlaneDir(cli.tmp, 1, cli.child.pid));
    cli.child.kill('SIGKILL');
    await cli.exited;
    await expectNothingLeft(cli.tmp, dir);
  });

  it('SIGKILL of the command while the API server runs: nothing left behind', async () => {
    const cli = await startCli(fixture('clean'));
    const dir = await waitFor('the API server to start', () => controlPlaneDir(cli.tmp, 2, cli.child.pid));
    await waitFor('the serving certificate', () =>
      existsSync(path.join(dir, 'certs', 'apiserver.crt')) ? true : undefined,
    );
    cli.child.kill('SIGKILL');
    await cli.exited;
    await expectNothingLeft(cli.tmp, dir);
  });

  it(
    'the API server crashing: requests fail with a one-line error naming ' + 'it, and stop() removes everything',
    async () => {
      const cp = await startControlPlane(findControlPlane(), { kubeVersion: '1.35' });
      const [etcd, apiserver] = cp.pids as [number, number];
      // the version ldflags of install.sh: /version reports the pinned release
      expect((await cp.client.request('GET', '/version')).body).toMatchObject({
        gitVersion: 'v1.35.4',
        major: '1',
        minor: '35',
        gitTreeState: 'clean',
      });
      process.kill(apiserver, 'SIGKILL');
      // until the exit is noticed a request may fail on the dead connection; after it, every request names the crash
      let error: Error | undefined;
      const deadline = Date.now() + 60_000;
      while (!error?.message.includes('exited unexpectedly') && Date.now() < deadline) {
        error = await cp.client.request('GET', '/readyz').then(
          () => undefined,
          (e: Error) => e,
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(error?.message).toMatch(/^kube-apiserver exited unexpectedly \(SIGKILL\)/);
      await cp.stop();
      expect(existsSync(cp.dir)).toBe(false);
      await waitFor('the watchdog to exit', () => (processesNaming(cp.dir).length === 0 ? true : undefined), 30_000);
      expect(() => process.kill(etcd, 0)).toThrow();
    },
  );
});
