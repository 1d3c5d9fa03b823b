/**
 * The batch builder: tools/kustomize-batch, the kustomize CLI's own command tree at the pinned
 * version, runs `kustomize build` for many directories in ONE process, so kustomize's one-time
 * setup (kyaml parsing its OpenAPI schema, about 0.13 s of CPU per process) is paid once per
 * render instead of once per target. It is an accelerator only: it is used when its kustomize
 * version equals the CLI's, under the same limits as a CLI build (ulimit -v, the per-build
 * timeout for each target, the whole process group killed), and any target it did not build --
 * a kustomize error, a crash, a timeout, a missing output -- is built again by the CLI
 * (scripts/lib/safety/build.ts), so every error message and failure class is the CLI's.
 * ZARISH_KUSTOMIZE_BATCH=0 turns it off; KUSTOMIZE_BATCH=/path names the binary.
 */
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadExeca } from './execa-lazy.js';
import { binaryVersion } from './version-memo.js';
import type { Kustomize } from './kustomize.js';
import { goRuntimeEnv, killGroup, limitedCommand } from './safety/build.js';
import { buildLimits, withBuildSlot } from './safety/limits.js';
import { cacheDir, requiredVersion, TOOLS_DIR } from './server/binaries.js';

export const KUSTOMIZE_MODULE = 'sigs.k8s.io/kustomize/kustomize/v5';

export interface BatchBuilder {
  readonly command: string;
  /** the kustomize module version it was built with, e.g. "v5.8.1" */
  readonly version: string;
}

/** What the batch builder did in this process, for one line on stderr. */
const stats = { processes: 0, built: 0, fellBack: [] as string[], note: undefined as string | undefined };

/** The kustomize version tools/kustomize-batch/go.mod pins (what install.sh builds). */
export function pinnedBatchVersion(): string {
  return requiredVersion(path.join(TOOLS_DIR, 'kustomize-batch', 'go.mod'), KUSTOMIZE_MODULE);
}

/** $KUSTOMIZE_BATCH, else where tools/kustomize-batch/install.sh puts the binary. */
export function batchPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUSTOMIZE_BATCH) return path.resolve(env.KUSTOMIZE_BATCH);
  try {
    return path.join(cacheDir(env), 'bin', `kustomize-batch-${pinnedBatchVersion()}`);
  } catch {
    return undefined; // no tools/ beside this tool
  }
}

const found = new Map<string, Promise<BatchBuilder | undefined>>();

async function probe(k: Kustomize, command: string): Promise<BatchBuilder | undefined> {
  let version: string;
  try {
    version = (await binaryVersion(command)).trim();
  } catch {
    stats.note = `kustomize batch builder ${command} did not run: building each target with the CLI`;
    return undefined;
  }
  if (version !== k.version) {
    stats.note =
      `kustomize batch builder refused: ${command} has kustomize ${version}, the CLI is ${k.version} ` +
      `(rebuild it: tools/kustomize-batch/install.sh); building each target with the CLI`;
    return undefined;
  }
  return { command, version };
}

/**
 * The batch builder for this kustomize, or undefined (then every build is a CLI build): off with
 * ZARISH_KUSTOMIZE_BATCH=0, for `kubectl kustomize`, when not installed, or when its kustomize
 * version is not the CLI's.
 */
export function findBatch(k: Kustomize, env: NodeJS.ProcessEnv = process.env): Promise<BatchBuilder | undefined> {
  if (/^(0|false|no|off)$/i.test(env.ZARISH_KUSTOMIZE_BATCH ?? '')) return Promise.resolve(undefined);
  if (k.source === 'kubectl' || k.buildArgs.join(' ') !== 'build') return Promise.resolve(undefined);
  const command = batchPath(env);
  if (!command) return Promise.resolve(undefined);
  try {
    accessSync(command, constants.X_OK);
  } catch {
    if (env.KUSTOMIZE_BATCH) stats.note = `KUSTOMIZE_BATCH=${env.KUSTOMIZE_BATCH}: not an executable; not used`;
    return Promise.resolve(undefined);
  }
  const key = `${command}\u0000${k.version}`;
  let p = found.get(key);
  if (!p) {
    p = probe(k, command);
    found.set(key, p);
  }
  return p;
}

/**
 * Starts one batch process building `dirs` (absolute) in order, under the build limits: each
 * target may take the per-build timeout (the process group is killed when one takes longer) and
 * the process has the per-build address-space limit. Returns, per directory, a promise of its
 * output exactly as the CLI prints it, or undefined when the batch did not build it (the caller
 * then builds it with the CLI). Never rejects.
 */
export function runBatch(batch: BatchBuilder, dirs: readonly string[]): Map<string, Promise<string | undefined>> {
  const settle = new Map<number, (text: string | undefined) => void>();
  const results = new Map<string, Promise<string | undefined>>();
  dirs.forEach((dir, i) => {
    results.set(dir, new Promise((resolve) => settle.set(i, resolve)));
  });
  const finish = (i: number, text: string | undefined): void => {
    const resolve = settle.get(i);
    if (!resolve) return;
    settle.delete(i);
    if (text === undefined) stats.fellBack.push(path.relative(process.cwd(), dirs[i] as string) || '.');
    else stats.built++;
    resolve(text);
  };
  void withBuildSlot(async () => {
    const limits = buildLimits();
    let outDir: string | undefined;
    try {
      outDir = mkdtempSync(path.join(tmpdir(), 'zarish-kustomize-batch-'));
      const out = outDir;
      const [command, args] = limitedCommand(batch.command, [out, ...dirs], limits.maxMemoryBytes);
      stats.processes++;
      const execa = await loadExeca();
      const child = execa(command, args, {
        reject: false,
        detached: true,
        stdin: 'ignore',
        stdout: 'pipe',
        stderr: 'ignore',
        buffer: false,
        env: goRuntimeEnv(limits.maxMemoryBytes),
      });
      let timer: NodeJS.Timeout | undefined;
      // The per-build timeout, for each target in turn: restarted whenever a target is done.
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => killGroup(child), limits.timeoutMs);
      };
      arm();
      try {
        for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
          arm();
          let status: { index?: unknown; ok?: unknown };
          try {
            status = JSON.parse(line) as typeof status;
          } catch {
            continue;
          }
          if (typeof status.index !== 'number') continue;
          let text: string | undefined;
          if (status.ok === true) {
            try {
              text = readFileSync(path.join(out, `${status.index}.yaml`), 'utf8');
            } catch {
              text = undefined;
            }
          }
          finish(status.index, text);
        }
        await child;
      } finally {
        clearTimeout(timer);
      }
    } catch {
      // any failure of the batch itself: what it did not build, the CLI builds
    } finally {
      for (const i of [...settle.keys()]) finish(i, undefined);
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    }
  });
  return results;
}

/** One line for stderr when the batch builder was used or refused in this process, else undefined. */
export function batchSummary(): string | undefined {
  if (stats.processes === 0) return stats.note;
  const fell = stats.fellBack.length;
  return (
    `kustomize batch builder: ${stats.built} build(s) in ${stats.processes} process(es)` +
    (fell > 0 ? `, ${fell} rebuilt with the CLI (${stats.fellBack.join(', ')})` : '')
  );
}

/** Forgets what this process did (tests). */
export function resetBatchState(): void {
  found.clear();
  Object.assign(stats, { processes: 0, built: 0, fellBack: [], note: undefined });
}
