import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExeca } from './execa-lazy.js';
import { binaryVersion } from './version-memo.js';
import { ToolError } from './errors.js';
import { findBatch, runBatch } from './kustomize-batch.js';
import type { RenderCache } from './render-cache.js';
import { boundedBuild } from './safety/build.js';
import { KUSTOMIZATION_FILES, walkKustomization } from './safety/graph.js';
import { buildLimits } from './safety/limits.js';

/** How to run kustomize on this machine, and which version it is. */
export interface Kustomize {
  /** the executable: a standalone kustomize, or kubectl */
  readonly command: string;
  /** arguments before the directory: ['build'] or ['kustomize'] */
  readonly buildArgs: readonly string[];
  /** e.g. "v5.8.1" */
  readonly version: string;
  /** where it came from, for the log line */
  readonly source: 'KUSTOMIZE' | 'PATH' | 'GOPATH' | 'kubectl';
  /** when set, builds whose inputs are unchanged come from this cache (scripts/lib/render-cache.ts) */
  readonly cache?: RenderCache | undefined;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function goBinCandidates(env: NodeJS.ProcessEnv): string[] {
  const dirs = [env.GOBIN, env.GOPATH ? path.join(env.GOPATH, 'bin') : undefined, path.join(os.homedir(), 'go', 'bin')];
  return dirs.filter((d): d is string => Boolean(d)).map((d) => path.join(d, 'kustomize'));
}

async function standaloneVersion(command: string): Promise<string> {
  const stdout = await binaryVersion(command);
  // "v5.8.1", or older builds: "{Version:kustomize/v4.5.7 GitCommit:...}"
  const match = /v\d+\.\d+\.\d+[\w.+-]*/.exec(stdout);
  if (!match) throw new ToolError(`${command} version printed "${stdout.trim()}": expected a version like v5.8.1`);
  return match[0];
}

/**
 * Finds kustomize the way DEVELOPERS.md asks: $KUSTOMIZE if set, else a standalone `kustomize`
 * on PATH or in the Go bin directory (where `go install` puts it), else `kubectl kustomize`.
 */
export async function findKustomize(env: NodeJS.ProcessEnv = process.env): Promise<Kustomize> {
  if (env.KUSTOMIZE) {
    const command = env.KUSTOMIZE;
    if (!existsSync(command) && !onPath(command, env)) {
      throw new ToolError(`KUSTOMIZE=${command}: no such executable (expected the path to a kustomize binary)`);
    }
    return { command, buildArgs: ['build'], version: await standaloneVersion(command), source: 'KUSTOMIZE' };
  }
  const fromPath = onPath('kustomize', env);
  if (fromPath)
    return { command: fromPath, buildArgs: ['build'], version: await standaloneVersion(fromPath), source: 'PATH' };
  const fromGo = goBinCandidates(env).find((c) => existsSync(c));
  if (fromGo)
    return { command: fromGo, buildArgs: ['build'], version: await standaloneVersion(fromGo), source: 'GOPATH' };
  const kubectl = onPath('kubectl', env);
  if (!kubectl) {
    throw new ToolError(
      'kustomize not found: install it (go install ' +
        'sigs.k8s.io/kustomize/kustomize/v5@<version>), put kubectl on PATH, ' +
        'or set KUSTOMIZE=/path/to/kustomize',
    );
  }
  const { stdout } = await (await loadExeca())(kubectl, ['version', '--client', '-o', 'json'], { timeout: 20_000 });
  let version = '';
  try {
    version = String((JSON.parse(stdout) as { kustomizeVersion?: string }).kustomizeVersion ?? '');
  } catch {
    // fall through to the error below
  }
  if (!version)
    throw new ToolError(`${kubectl} does not report a bundled kustomize version: set KUSTOMIZE to a kustomize binary`);
  return { command: kubectl, buildArgs: ['kustomize'], version, source: 'kubectl' };
}

export function describeKustomize(k: Kustomize): string {
  return k.source === 'kubectl'
    ? `kubectl kustomize (${k.command}, kustomize ${k.version})`
    : `kustomize ${k.version} (${k.command})`;
}

/** Builds the batch builder is doing (or has done), by kustomize command and absolute directory. */
const batched = new Map<string, Promise<string | undefined>>();
const batchKey = (k: Kustomize, absDir: string): string => `${k.command}\u0000${absDir}`;

/**
 * How the targets are shared between batch processes. Small builds: one process, whatever --jobs
 * says (kustomize's start-up is most of their cost and its garbage collector already keeps a second
 * core busy: two batches of 3 targets finished no sooner, 1.01 s vs 1.06 s wall, for 25 % more CPU,
 * 1.04 s vs 0.83 s). Large ones (their kustomization graphs name BATCH_SPLIT_FILES files or more
 * in all): `jobs` processes, the targets dealt by size, so that they build in parallel as the CLI
 * builds would (one process took 1.8 times the wall time of parallel CLI builds on a synthetic repo
 * of 100 services).
 */
export const BATCH_SPLIT_FILES = 600;

export function batchGroups(dirs: readonly string[], weight: ReadonlyMap<string, number>, jobs: number): string[][] {
  const total = dirs.reduce((n, d) => n + (weight.get(d) ?? 0), 0);
  const processes = total >= BATCH_SPLIT_FILES ? Math.max(1, Math.min(jobs, dirs.length)) : 1;
  const groups = Array.from({ length: processes }, () => ({ dirs: [] as string[], load: 0 }));
  // the largest first, each to the least loaded process
  for (const d of [...dirs].sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0))) {
    const least = groups.reduce((m, g) => (g.load < m.load ? g : m));
    least.dirs.push(d);
    least.load += weight.get(d) ?? 0;
  }
  // each process builds its targets in the order they were given
  return groups.map((g) => dirs.filter((d) => g.dirs.includes(d))).filter((g) => g.length > 0);
}

/**
 * Announces the directories about to be built: those the render cache does not hold and the CLI
 * would build (a kustomization, no remote base) are built now, together, by the batch builder
 * (scripts/lib/kustomize-batch.ts) when it is installed and has the CLI's version. kustomizeBuild
 * then takes each output from there; what the batch did not build, the CLI builds. Never throws.
 */
export async function prepareBuilds(k: Kustomize, dirs: readonly string[]): Promise<void> {
  try {
    const weight = new Map<string, number>();
    const todo = [...new Set(dirs.map((d) => path.resolve(d)))].filter((d) => {
      try {
        if (batched.has(batchKey(k, d)) || !KUSTOMIZATION_FILES.some((f) => existsSync(path.join(d, f)))) return false;
        const graph = walkKustomization(d);
        weight.set(d, graph.files.length);
        return graph.refs.length === 0 && !k.cache?.has(k, d);
      } catch {
        return false; // the CLI build says what is wrong
      }
    });
    // one build gains nothing from the batch
    if (todo.length < 2) return;
    const batch = await findBatch(k);
    if (!batch) return;
    for (const group of batchGroups(todo, weight, buildLimits().jobs))
      for (const [dir, output] of runBatch(batch, group)) batched.set(batchKey(k, dir), output);
  } catch {
    // the CLI builds everything
  }
}

/** Forgets prepared builds not taken (a target that came from the cache after all), so none is used later. */
export function discardPrepared(k: Kustomize, dirs: readonly string[]): void {
  for (const d of dirs) batched.delete(batchKey(k, path.resolve(d)));
}

/** The batch builder's output for `dir` when it built it, else a CLI build. */
async function build(k: Kustomize, dir: string): Promise<string> {
  const key = batchKey(k, path.resolve(dir));
  const pending = batched.get(key);
  if (pending) {
    batched.delete(key);
    const output = await pending;
    if (output !== undefined) return output;
  }
  return boundedBuild(k, dir);
}

/** Runs `kustomize build` on one directory (bounded: scripts/lib/safety/build.ts) and returns its output exactly as
 * printed (or the cached copy of it, or the batch builder's: prepareBuilds).
 */
export async function kustomizeBuild(k: Kustomize, dir: string): Promise<string> {
  if (k.cache)
    return k.cache.get(
      k,
      path.resolve(dir),
      () => build(k, dir),
      path.relative(process.cwd(), path.resolve(dir)) || '.',
    );
  return build(k, dir);
}
