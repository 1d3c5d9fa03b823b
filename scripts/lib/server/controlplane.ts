/**
 * An ephemeral local control plane: etcd and kube-apiserver on loopback, in a temporary directory
 * (data, serving certificates the API server generates, a token file, a service-account key),
 * with RBAC and one bearer token in system:masters. It is stopped and its directory removed on
 * every exit path:
 * - normal end, findings, errors: stop() in a finally;
 * - Ctrl-C / SIGTERM: signal handlers call stop() and exit 130 / 143;
 * - the API server or etcd dying: pending requests fail with a ToolError, then stop();
 * - the parent killed (SIGKILL): a watchdog process, in its own process group, reads a pipe from
 *   the parent; at end of file it kills the children's process groups and removes the directory;
 * - parent and watchdog both killed: the next start removes directories whose owner is dead and
 *   kills the processes recorded in them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ToolError } from '../errors.js';
import type { ControlPlaneBinaries } from './binaries.js';
import { ApiClient } from './client.js';

export const TEMP_PREFIX = 'zarish-his-server-';
const STATE = 'state.json';

interface State {
  owner: number;
  pids: number[];
}

/**
 * Runs in its own process group, so a Ctrl-C or a kill of the parent's group spares it. It keeps
 * the pids it is told on stdin; when stdin closes (the parent exited, whatever the way), it kills
 * their process groups and removes the directory.
 */
const WATCHDOG = `
const { rmSync } = require('node:fs');
const dir = process.argv[1];
const pids = new Set();
for (const s of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(s, () => {});
let buf = '';
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    if (line.startsWith('pid ')) pids.add(Number(line.slice(4)));
    if (line === 'clear') pids.clear();
  }
});
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
process.stdin.on('end', () => {
  for (const p of pids) { try { process.kill(-p, 'SIGKILL'); } catch {} try { process.kill(p, 'SIGKILL'); } catch {} }
  const until = Date.now() + 30000;
  const finish = () => {
    if ([...pids].some(alive) && Date.now() < until) return setTimeout(finish, 100);
    try { rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); } catch {}
    process.exit(0);
  };
  finish();
});
process.stdin.resume();
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is `pid` still one of our children (its command line names our directory)? Linux only; elsewhere trust the pid. */
function ours(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return !existsSync('/proc') && alive(pid);
  }
}

/** Removes what an earlier run killed with SIGKILL (parent and watchdog) left: processes and directories. */
export function cleanStale(tmp: string = os.tmpdir()): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(tmp).filter((e) => e.startsWith(TEMP_PREFIX));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const dir = path.join(tmp, entry);
    let state: State;
    try {
      state = JSON.parse(readFileSync(path.join(dir, STATE), 'utf8')) as State;
    } catch {
      continue; // being created, or not ours
    }
    if (alive(state.owner)) continue;
    for (const pid of state.pids) {
      if (!ours(pid, dir)) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 3): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '';
  }
}

export interface ControlPlaneOptions {
  /** "1.35": emulate this minor when the binary is newer (kube-apiserver --emulated-version) */
  readonly kubeVersion?: string | undefined;
  /** generous: a loaded CI machine can be slow (default 60 s) */
  readonly readyTimeoutMs?: number | undefined;
}

export interface ControlPlane {
  readonly client: ApiClient;
  readonly dir: string;
  /** seconds from start to /readyz answering ok */
  readonly readySeconds: number;
  /** the pids of etcd and kube-apiserver (tests check they are gone) */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/** The --emulated-version for a target minor, or undefined when the binary's own minor is the target. */
export function emulatedVersion(binaryVersion: string, target: string | undefined): string | undefined {
  if (!target) return undefined;
  const bin = Number(/^v?1\.(\d+)/.exec(binaryVersion)?.[1]);
  const want = Number(/^v?1\.(\d+)/.exec(target)?.[1]);
  if (want === bin) return undefined;
  // kube-apiserver emulates up to three minors back (KEP-4330 compatibility versions).
  if (want > bin || want < bin - 3) {
    throw new ToolError(
      `the target Kubernetes version is 1.${want}; kube-apiserver ` +
        `${binaryVersion} serves 1.${bin - 3} to 1.${bin} (change the pin in ` +
        `tools/kube-apiserver/go.mod, or --kube-version)`,
    );
  }
  return `1.${want}`;
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      child.kill(signal);
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Starts etcd and kube-apiserver, waits until the API server is ready, and returns a client for it. */
export async function startControlPlane(
  bins: ControlPlaneBinaries,
  options: ControlPlaneOptions = {},
): Promise<ControlPlane> {
  const t0 = performance.now();
  cleanStale();
  const emulate = emulatedVersion(bins.kubeVersion, options.kubeVersion);
  const dir = mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  const state: State = { owner: process.pid, pids: [] };
  const saveState = (): void => writeFileSync(path.join(dir, STATE), JSON.stringify(state));
  saveState();

  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  const toWatchdog = (line: string): void => {
    if (watchdog.stdin?.writable) watchdog.stdin.write(`${line}\n`);
  };
  // Let the watchdog's pipe not keep the event loop alive on its own.
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();

  const children: ChildProcess[] = [];
  let stopping = false;
  let onCrash: (message: string) => void = () => {};
  const launch = (name: string, bin: string, args: string[]): ChildProcess => {
    const log = path.join(dir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    if (child.pid !== undefined) {
      state.pids.push(child.pid);
      saveState();
      toWatchdog(`pid ${child.pid}`);
    }
    child.once('exit', (code, signal) => {
      if (!stopping) onCrash(`${name} exited unexpectedly (${signal ?? `exit code ${code}`}): ${tail(log)}`);
    });
    child.once('error', (error) => {
      if (!stopping) onCrash(`${name} could not start: ${error.message}`);
    });
    children.push(child);
    return child;
  };

  let client: ApiClient | undefined;
  let untrack = (): void => {};
  let stopped: Promise<void> | undefined;
  // Idempotent: the signal handler and the caller's finally may both call it.
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      untrack();
      client?.close();
      // The API server first (it holds etcd connections), then etcd.
      for (const child of [...children].reverse()) await stopChild(child, 5000);
      toWatchdog('clear');
      rmSync(dir, { recursive: true, force: true });
      watchdog.stdin?.end();
    })());

  untrack = track(stop);
  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const token = randomBytes(24).toString('hex');
    writeFileSync(path.join(dir, 'tokens.csv'), `${token},zarish-validate,zarish-validate,"system:masters"\n`, {
      mode: 0o600,
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    launch('etcd', bins.etcd, [
      `--data-dir=${path.join(dir, 'etcd')}`,
      '--name=default',
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      '--unsafe-no-fsync',
      '--log-level=error',
    ]);
    const crashed = new Promise<never>((_, reject) => {
      onCrash = (message) => {
        client?.abort(message);
        reject(new ToolError(message));
      };
    });
    crashed.catch(() => {}); // observed below, and by requests through client.abort
    launch('kube-apiserver', bins.kubeApiserver, [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${path.join(dir, 'certs')}`,
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${path.join(dir, 'sa.key')}`,
      `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      ...(emulate ? [`--emulated-version=${emulate}`] : []),
    ]);

    const certFile = path.join(dir, 'certs', 'apiserver.crt');
    const deadline = performance.now() + (options.readyTimeoutMs ?? 60_000);
    const ready = (async (): Promise<ApiClient> => {
      while (performance.now() < deadline) {
        if (existsSync(certFile)) {
          client ??= new ApiClient({
            server: `https://127.0.0.1:${apiPort}`,
            tls: { ca: readFileSync(certFile) },
            headers: { Authorization: `Bearer ${token}` },
            label: 'the local kube-apiserver',
          });
          const res = await client.request('GET', '/readyz').catch((error: Error) => {
            if (stopping || (error instanceof ToolError && /exited|could not start/.test(error.message))) throw error;
            return undefined;
          });
          if (res?.status === 200) return client;
        }
        await sleep(100);
      }
      throw new ToolError(
        `kube-apiserver was not ready within ` +
          `${Math.round((options.readyTimeoutMs ?? 60_000) / 1000)} s: ` +
          `${tail(path.join(dir, 'kube-apiserver.log'))}`,
      );
    })();
    const readyClient = await Promise.race([ready, crashed]);
    return {
      client: readyClient,
      dir,
      readySeconds: (performance.now() - t0) / 1000,
      pids: children.map((c) => c.pid as number),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every control plane of this process that is starting or running: one signal handler stops them all. */
const running = new Set<() => Promise<void>>();

function onSignal(signal: NodeJS.Signals): void {
  void Promise.allSettled([...running].map((stop) => stop())).finally(() =>
    process.exit(signal === 'SIGINT' ? 130 : 143),
  );
}

function track(stop: () => Promise<void>): () => void {
  if (running.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  running.add(stop);
  return () => {
    running.delete(stop);
    if (running.size === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}

/** Starts a control plane, runs `body` with it, and stops it whatever happens (Ctrl-C and SIGTERM included: exit 130 /
 * 143).
 */
export async function withControlPlane<T>(
  start: () => Promise<ControlPlane>,
  body: (cp: ControlPlane) => Promise<T>,
): Promise<T> {
  const cp = await start();
  try {
    return await body(cp);
  } finally {
    await cp.stop();
  }
}
