/**
 * One kustomize build, bounded: refused when the kustomization fetches a remote base (unless
 * allowed, then under a short timeout), run under an address-space limit and a wall-clock timeout
 * (the whole process group is killed), at most `jobs` at once. A failure is a BuildError carrying
 * kustomize's whole message and, when a file of the kustomization does not parse, its position.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadExeca } from '../execa-lazy.js';
import { ToolError } from '../errors.js';
import type { Kustomize } from '../kustomize.js';
import { firstYamlProblem, KUSTOMIZATION_FILES, remoteBases } from './graph.js';
import { buildLimits, describeBytes, describeMs, withBuildSlot } from './limits.js';

export type BuildFailure = 'failed' | 'timeout' | 'memory' | 'remote';

/** A build that did not produce output; `file`/`line`/`column` locate the cause when known (absolute file). */
export class BuildError extends ToolError {
  constructor(
    message: string,
    readonly dir: string,
    readonly reason: BuildFailure,
    readonly file?: string | undefined,
    readonly line?: number | undefined,
    readonly column?: number | undefined,
  ) {
    super(message);
  }
}

/** kustomize's own message, whole, on one line (Go's wrapping kept; at most 4000 characters). */
export function kustomizeMessage(stderr: string): string {
  const text = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/^Error:\s*/, '')
    .replace(/\s+/g, ' ');
  return (text.length > 4000 ? `${text.slice(0, 4000)}...` : text) || 'kustomize failed without a message';
}

const OUT_OF_MEMORY = new RegExp(
  [
    'fatal error: (runtime: )?out of memory',
    'cannot allocate memory',
    'failed to reserve page summary memory',
    'runtime: failed to create new OS thread',
  ].join('|'),
);

/** kustomize builds allocate much short-lived memory; this many percent of heap growth per collection. */
export const GO_GC_PERCENT = 400;

/**
 * The Go runtime settings for the kustomize processes this tool starts (the CLI and the batch
 * builder), unless the environment already sets them. GOGC=400 collects a quarter as often as Go's
 * default: on this repo's eight targets the batch builder then takes about a third less CPU (1.0 s
 * to 0.68 s, medians of five), for about twice the resident memory (65 to 125 MiB). GOMEMLIMIT
 * keeps that growth under the address-space limit: Go collects harder as the heap nears it, so a
 * large build does not run out of address space where Go's default would not have (Go reserves
 * about 0.6 GiB before it allocates; the limit is half of what is left after a GiB).
 */
export function goRuntimeEnv(maxMemoryBytes: number, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  if (env.GOGC === undefined) out.GOGC = String(GO_GC_PERCENT);
  if (env.GOMEMLIMIT === undefined && maxMemoryBytes > 0)
    out.GOMEMLIMIT = String(Math.max(256 * 1024 ** 2, Math.floor((maxMemoryBytes - 1024 ** 3) / 2)));
  return out;
}

/** The command line: `command args` under `ulimit -v` (kB) when a memory limit is set. */
export function limitedCommand(command: string, args: readonly string[], maxMemoryBytes: number): [string, string[]] {
  if (maxMemoryBytes <= 0 || process.platform === 'win32') return [command, [...args]];
  const kb = String(Math.floor(maxMemoryBytes / 1024));
  return ['/bin/sh', ['-c', 'ulimit -v "$0" 2>/dev/null; exec "$@"', kb, command, ...args]];
}

/** Kills a process started with `detached: true` and everything it started (its process group). */
export function killGroup(child: { readonly pid?: number | undefined; kill(signal: NodeJS.Signals): boolean }): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export async function boundedBuild(k: Kustomize, dir: string): Promise<string> {
  const absDir = path.resolve(dir);
  if (!KUSTOMIZATION_FILES.some((f) => existsSync(path.join(absDir, f)))) {
    throw new BuildError(`kustomize build ${dir}: no kustomization.yaml in that directory`, dir, 'failed');
  }
  const limits = buildLimits();
  const remotes = remoteBases(absDir);
  const first = remotes[0];
  if (first && !limits.allowRemoteBases) {
    throw new BuildError(
      `kustomize build ${dir} refused: ${first.field} entry "${first.entry}" ` +
        `is a remote base (${path.relative(absDir, first.file) || first.file}:` +
        `${first.line}); a pull request must not make CI fetch from the ` +
        `network: vendor it into the repo, or allow it with ` +
        `--allow-remote-bases / allowRemoteBases: true in policy.yaml`,
      dir,
      'remote',
      first.file,
      first.line,
      first.column,
    );
  }
  const timeoutMs = first ? Math.min(limits.timeoutMs, limits.remoteTimeoutMs) : limits.timeoutMs;
  return withBuildSlot(async () => {
    const [command, args] = limitedCommand(k.command, [...k.buildArgs, absDir], limits.maxMemoryBytes);
    const execa = await loadExeca();
    const child = execa(command, args, {
      reject: false,
      detached: true,
      maxBuffer: 512 * 1024 * 1024,
      stripFinalNewline: false,
      stdin: 'ignore',
      env: goRuntimeEnv(limits.maxMemoryBytes),
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // the whole process group: kustomize and any git it started for a remote base
      killGroup(child);
    }, timeoutMs);
    const result = await child.finally(() => clearTimeout(timer));
    if (timedOut)
      throw new BuildError(
        `kustomize build ${dir} stopped: it ran longer than the ` +
          `${describeMs(timeoutMs)} limit (` +
          `${first ? 'remote bases: ZARISH_REMOTE_TIMEOUT' : '--timeout'})`,
        dir,
        'timeout',
      );
    if (result.exitCode === 0 && !result.failed) return String(result.stdout);
    const stderr = String(result.stderr ?? '');
    if (limits.maxMemoryBytes > 0 && OUT_OF_MEMORY.test(stderr)) {
      throw new BuildError(
        `kustomize build ${dir} stopped: it exceeded the memory limit of ` +
          `${describeBytes(limits.maxMemoryBytes)} (--max-memory)`,
        dir,
        'memory',
      );
    }
    if (result.isMaxBuffer)
      throw new BuildError(`kustomize build ${dir} stopped: its output exceeded 512MiB`, dir, 'memory');
    const problem = firstYamlProblem(absDir);
    const where = problem ? ` [${problem.file}:${problem.line}:${problem.column}: ${problem.message}]` : '';
    throw new BuildError(
      `kustomize build ${dir} failed: ${kustomizeMessage(stderr)}${where}`,
      dir,
      'failed',
      problem?.file,
      problem?.line,
      problem?.column,
    );
  });
}
