#!/usr/bin/env tsx
import path from 'node:path';
import { parseCli, runMain } from './lib/cli.js';
import { loadPipeline } from './lib/pipeline.js';
import { renderTargets, writeRendered } from './lib/render.js';
import { rootFrom } from './lib/safety/cwd.js';
import { applyLimitFlags, LIMIT_HELP, LIMIT_OPTIONS } from './lib/safety/limits.js';

const HELP = `Usage: npm run render -- [--root DIR] [--quiet] [--timeout DURATION] [--max-memory SIZE] [--jobs N]

Builds every deploy target with the real kustomize (each environment on its cluster, and each
cluster's own manifests), in parallel, and writes rendered/<target>.yaml plus rendered/index.json.
Nothing is written unless every target builds.

Options:
  --root DIR                 repository root (default: the current directory)
  --quiet                    print only warnings and errors
${LIMIT_HELP}
  -h, --help                 show this help

Environment:
  KUSTOMIZE    path to the kustomize binary to use (default: kustomize on PATH or in the Go bin
               directory, else kubectl kustomize)

Exit codes: 0 rendered, 2 a build failed or kustomize is missing.`;

await runMain('render', HELP, async (argv) => {
  const { values } = parseCli(argv, { root: { type: 'string' }, quiet: { type: 'boolean' }, ...LIMIT_OPTIONS }, false);
  applyLimitFlags(values);
  const root = rootFrom(values.root);
  const pipeline = await loadPipeline(root);
  for (const note of pipeline.notes) if (!values.quiet || note.startsWith('warning')) process.stderr.write(`${note}\n`);
  const rendered = await renderTargets(root, pipeline.targets, pipeline.kustomize, { prebuilt: pipeline.prebuilt });
  const index = await writeRendered(root, rendered);
  if (!values.quiet) {
    const width = Math.max(...index.map((e) => e.file.length));
    for (const entry of index) process.stdout.write(`${entry.file.padEnd(width)} ${String(entry.resources).padStart(4)} resources  (${entry.path} on ${entry.cluster})\n`);
    process.stdout.write(`rendered ${index.length} targets into ${path.relative(process.cwd(), path.join(root, 'rendered')) || 'rendered'}/\n`);
  }
  return 0;
});
