import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { Kustomize } from './kustomize.js';

/** What the benchmark copies from the repo before adding synthetic services. */
const PARTS = ['base', 'components', 'overlays', 'clusters', 'argocd', 'schemas', 'policy.yaml'];
/** The service every synthetic one is cloned from. */
const TEMPLATE = 'patient-registry';

/**
 * Writes a copy of the repo with `services` extra services cloned from base/patient-registry into
 * base/, so every environment overlay (dev, staging, prod, dr) deploys them.
 */
export async function generateBenchRepo(root: string, dir: string, services: number): Promise<void> {
  for (const part of PARTS) await cp(path.join(root, part), path.join(dir, part), { recursive: true });
  const templateDir = path.join(root, 'base', TEMPLATE);
  const files = await readdir(templateDir);
  const names: string[] = [];
  for (let i = 1; i <= services; i++) {
    const name = `bench-svc-${String(i).padStart(3, '0')}`;
    names.push(name);
    const out = path.join(dir, 'base', name);
    await mkdir(out, { recursive: true });
    for (const file of files) {
      const text = await readFile(path.join(templateDir, file), 'utf8');
      // Keep the shared references (its secret, log-level key, and its image, whose tag every overlay sets) so the
      // clone stays wired like the original.
      await writeFile(path.join(out, file), text.replace(/(?<!ms-)patient-registry(?!-secrets)/g, name));
    }
  }
  const kustomization = path.join(dir, 'base', 'kustomization.yaml');
  const text = await readFile(kustomization, 'utf8');
  await writeFile(
    kustomization,
    text.replace(`  - ${TEMPLATE}\n`, `  - ${TEMPLATE}\n${names.map((n) => `  - ${n}\n`).join('')}`),
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** What one measured process cost: wall and CPU seconds (itself and its children), peak RSS. */
export interface Cost {
  readonly wall: number;
  /** user + system CPU seconds, children included; undefined without /usr/bin/time */
  readonly cpu: number | undefined;
  /** peak resident set of the largest process, MiB; undefined without /usr/bin/time */
  readonly rssMiB: number | undefined;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';
export const canMeasureCpu = (): boolean => existsSync(GNU_TIME);

/**
 * Runs a command and measures it. CPU and peak memory come from GNU time (getrusage of the
 * process and every child it waited for), which is what a shared machine can compare fairly:
 * wall time depends on what else runs.
 */
export async function measureCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<Cost> {
  const marker = '@@zarish-bench';
  const timed = canMeasureCpu();
  const start = performance.now();
  const result = await execa(
    timed ? GNU_TIME : command,
    timed ? ['-f', `${marker} %U %S %M`, command, ...args] : [...args],
    {
      cwd: options.cwd,
      env: options.env,
      reject: false,
      maxBuffer: 1024 * 1024 * 1024,
      ...(options.input !== undefined ? { input: options.input } : {}),
    },
  );
  const wall = (performance.now() - start) / 1000;
  let stderr = String(result.stderr);
  let cpu: number | undefined;
  let rssMiB: number | undefined;
  const m = new RegExp(
    `(?:^|\\n)(?:Command exited with non-zero status \\d+\\n)?${marker} ([\\d.]+) ([\\d.]+) (\\d+)\\s*$`,
  ).exec(stderr);
  if (m) {
    cpu = Number(m[1]) + Number(m[2]);
    rssMiB = Number(m[3]) / 1024;
    stderr = stderr.slice(0, m.index);
  }
  return { wall, cpu, rssMiB, exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr };
}

/** `kustomize build` of every directory, at most `concurrency` at once, as one measured process. */
export async function measureBareBuilds(
  kustomize: Kustomize,
  dirs: readonly string[],
  concurrency: number,
): Promise<Cost> {
  const script = 'printf "%s\\n" "$@" | xargs -d "\\n" -P "$P" -n 1 "$K" $B > /dev/null';
  return measureCommand('sh', ['-c', script, 'sh', ...dirs], {
    env: {
      ...(process.env as Record<string, string>),
      P: String(concurrency),
      K: kustomize.command,
      B: kustomize.buildArgs.join(' '),
    },
  });
}

/**
 * One YAML stream of `count` resources: the repo's rendered resources repeated with unique names,
 * as a large manifest directory or a big rendered output would be.
 */
export function generateStream(rendered: readonly string[], count: number): string {
  const docs = rendered.flatMap((text) => text.split(/^---\n/m)).filter((d) => d.trim() !== '');
  if (docs.length === 0) throw new Error('no rendered resources to repeat');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const doc = docs[i % docs.length] as string;
    out.push(doc.replace(/^ {2}name: (.*)$/m, (_m, name: string) => `  name: ${name}-${Math.floor(i / docs.length)}`));
  }
  return out.join('---\n');
}

/** Wall seconds from starting a command to the first byte it writes on stderr (then it is left to finish). */
export async function timeToFirstStderr(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<number | undefined> {
  const start = performance.now();
  const child = execa(command, [...args], { env: options.env, reject: false, stdout: 'ignore', buffer: false });
  let first: number | undefined;
  child.stderr?.once('data', () => {
    first = (performance.now() - start) / 1000;
  });
  await child;
  return first;
}
