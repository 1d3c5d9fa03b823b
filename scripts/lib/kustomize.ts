import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ToolError } from './errors.js';
import type { RenderCache } from './render-cache.js';
import { boundedBuild } from './safety/build.js';

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
  const { stdout } = await execa(command, ['version'], { timeout: 20_000 });
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
  const { stdout } = await execa(kubectl, ['version', '--client', '-o', 'json'], { timeout: 20_000 });
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

/** Runs `kustomize build` on one directory (bounded: scripts/lib/safety/build.ts) and returns its output exactly as
 * printed (or the cached copy of it).
 */
export async function kustomizeBuild(k: Kustomize, dir: string): Promise<string> {
  if (k.cache)
    return k.cache.get(
      k,
      path.resolve(dir),
      () => boundedBuild(k, dir),
      path.relative(process.cwd(), path.resolve(dir)) || '.',
    );
  return boundedBuild(k, dir);
}
