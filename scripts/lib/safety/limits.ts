/**
 * Bounds on every kustomize run: wall-clock time, memory (an address-space limit set with
 * `ulimit -v` in a small sh wrapper, so no root and no cgroup is needed) and how many builds run
 * at once. Set once per process from flags (--timeout, --max-memory, --jobs) or the environment
 * (ZARISH_BUILD_TIMEOUT, ZARISH_MAX_MEMORY, ZARISH_JOBS); the defaults fit a 2-core CI runner.
 */
import os from 'node:os';
import { UsageError } from '../errors.js';

export interface BuildLimits {
  /** per kustomize build, milliseconds */
  readonly timeoutMs: number;
  /** address space of one kustomize process, bytes (0: unlimited) */
  readonly maxMemoryBytes: number;
  /** kustomize builds running at once, across the whole process */
  readonly jobs: number;
  /** remote bases (URLs, git repos) in a kustomization: refused unless allowed */
  readonly allowRemoteBases: boolean;
  /** per build that fetches a remote base, when allowed, milliseconds */
  readonly remoteTimeoutMs: number;
}

/**
 * Go reserves about 0.6 GiB of address space before it allocates anything (kustomize fails to
 * start under ~0.7 GiB, and now and then under 1 GiB), so the default leaves room for that plus
 * the largest real builds (this repo's prod: 66 MiB resident; dr of the 100-service synthetic repo:
 * 81 MiB) many times over, while two parallel builds stay far below a 7 GB CI runner. The timeout
 * is above the slowest real build measured (that synthetic dr build: 196 s wall on a heavily loaded
 * 2-core machine, a few seconds idle).
 */
export const DEFAULTS: BuildLimits = {
  timeoutMs: 240_000,
  maxMemoryBytes: 2 * 1024 ** 3,
  jobs: Math.max(1, Math.min(4, os.cpus().length)),
  allowRemoteBases: false,
  remoteTimeoutMs: 30_000,
};

/** The least address space kustomize (a Go program) can start with. */
export const MIN_MEMORY_BYTES = 1.5 * 1024 ** 3;

let current: BuildLimits = fromEnv(process.env);

/** "4GiB", "512Mi", "2G", "1500M", or bytes. */
export function parseBytes(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B?|B)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${what} ${text}: expected a size like 4GiB, 512MiB or 0 (unlimited)`);
  const unit =
    ({ '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as Record<string, number>)[
      (m[2] ?? '').toUpperCase()
    ] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** "120", "120s", "2m", "500ms". */
export function parseDuration(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!m || Number(m[1]) <= 0)
    throw new UsageError(`${what} ${text}: expected a positive duration like 120s, 2m or 500ms`);
  return Math.round(Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000));
}

function parseJobs(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > 64)
    throw new UsageError(`${what} ${text}: expected a number of parallel builds from 1 to 64`);
  return Number(text);
}

function checkMemory(bytes: number, what: string, text: string): number {
  if (bytes !== 0 && bytes < MIN_MEMORY_BYTES)
    throw new UsageError(
      `${what} ${text}: kustomize (a Go program) needs at least 1.5GiB of ` +
        `address space to run reliably (or 0 for unlimited)`,
    );
  return bytes;
}

export function fromEnv(env: NodeJS.ProcessEnv): BuildLimits {
  const timeout = env.ZARISH_BUILD_TIMEOUT;
  const memory = env.ZARISH_MAX_MEMORY;
  const jobs = env.ZARISH_JOBS;
  return {
    timeoutMs: timeout ? parseDuration(timeout, 'ZARISH_BUILD_TIMEOUT=') : DEFAULTS.timeoutMs,
    maxMemoryBytes: memory
      ? checkMemory(parseBytes(memory, 'ZARISH_MAX_MEMORY='), 'ZARISH_MAX_MEMORY=', memory)
      : DEFAULTS.maxMemoryBytes,
    jobs: jobs ? parseJobs(jobs, 'ZARISH_JOBS=') : DEFAULTS.jobs,
    allowRemoteBases: /^(1|true|yes)$/i.test(env.ZARISH_ALLOW_REMOTE_BASES ?? ''),
    remoteTimeoutMs: env.ZARISH_REMOTE_TIMEOUT
      ? parseDuration(env.ZARISH_REMOTE_TIMEOUT, 'ZARISH_REMOTE_TIMEOUT=')
      : DEFAULTS.remoteTimeoutMs,
  };
}

export function buildLimits(): BuildLimits {
  return current;
}

export function setBuildLimits(limits: Partial<BuildLimits>): void {
  current = { ...current, ...limits };
}

/** The flags every rendering command accepts (parseCli options). */
export const LIMIT_OPTIONS = {
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
  jobs: { type: 'string' },
  'allow-remote-bases': { type: 'boolean' },
} as const;

const TIMEOUT_S = DEFAULTS.timeoutMs / 1000;
const MEMORY_GIB = DEFAULTS.maxMemoryBytes / 1024 ** 3;
const REMOTE_TIMEOUT_S = DEFAULTS.remoteTimeoutMs / 1000;
export const LIMIT_HELP = `  --timeout DURATION         per kustomize build (default ${TIMEOUT_S}s;
                             ZARISH_BUILD_TIMEOUT)
  --max-memory SIZE          address space of each kustomize process (default ${MEMORY_GIB}GiB,
                             0 = unlimited; ZARISH_MAX_MEMORY)
  --jobs N                   kustomize builds at once (default ${DEFAULTS.jobs}; ZARISH_JOBS)
  --allow-remote-bases       build kustomizations that fetch remote bases (refused by default;
                             also allowRemoteBases: true in policy.yaml), each under a
                             ${REMOTE_TIMEOUT_S}s timeout (ZARISH_REMOTE_TIMEOUT)`;

/** Applies the limit flags of a parsed command line. */
export function applyLimitFlags(values: {
  timeout?: string | undefined;
  'max-memory'?: string | undefined;
  jobs?: string | undefined;
  'allow-remote-bases'?: boolean | undefined;
}): void {
  const patch: { -readonly [K in keyof BuildLimits]?: BuildLimits[K] } = {};
  if (values.timeout !== undefined) patch.timeoutMs = parseDuration(values.timeout, '--timeout');
  if (values['max-memory'] !== undefined)
    patch.maxMemoryBytes = checkMemory(
      parseBytes(values['max-memory'], '--max-memory'),
      '--max-memory',
      values['max-memory'],
    );
  if (values.jobs !== undefined) patch.jobs = parseJobs(values.jobs, '--jobs');
  if (values['allow-remote-bases']) patch.allowRemoteBases = true;
  setBuildLimits(patch);
}

export function describeBytes(bytes: number): string {
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}GiB`;
  return `${Math.round(bytes / 1024 ** 2)}MiB`;
}

export function describeMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A process-wide semaphore: at most `buildLimits().jobs` kustomize processes at once. */
let running = 0;
const waiting: (() => void)[] = [];

export async function withBuildSlot<T>(fn: () => Promise<T>): Promise<T> {
  while (running >= buildLimits().jobs) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
