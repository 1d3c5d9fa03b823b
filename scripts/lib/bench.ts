import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { mapLimit } from './fsutil.js';
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
      // Keep the shared references (its secret, log-level key, and its image, whose tag every overlay sets) so the clone stays wired like the original.
      await writeFile(path.join(out, file), text.replace(/(?<!ms-)patient-registry(?!-secrets)/g, name));
    }
  }
  const kustomization = path.join(dir, 'base', 'kustomization.yaml');
  const text = await readFile(kustomization, 'utf8');
  await writeFile(kustomization, text.replace(`  - ${TEMPLATE}\n`, `  - ${TEMPLATE}\n${names.map((n) => `  - ${n}\n`).join('')}`));
}

/** Wall time of plain `kustomize build` of every path, in parallel with the pipeline's concurrency. */
export async function timeBareBuilds(kustomize: Kustomize, dirs: readonly string[], concurrency: number): Promise<number> {
  const start = performance.now();
  await mapLimit(dirs, concurrency, async (dir) => {
    await execa(kustomize.command, [...kustomize.buildArgs, dir], { maxBuffer: 512 * 1024 * 1024 });
  });
  return (performance.now() - start) / 1000;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
