#!/usr/bin/env tsx
import path from 'node:path';
import { parseCli, runMain } from './lib/cli.js';
import { loadPipeline } from './lib/pipeline.js';
import { indexOf, renderTargets, writeRendered, type IndexEntry } from './lib/render.js';
import { writeFileAtomic } from './lib/fsutil.js';
import { batchSummary } from './lib/kustomize-batch.js';
import { isSelection, parseShard, selectTargets } from './lib/select.js';
import { RenderCache } from './lib/render-cache.js';
import { rootFrom } from './lib/safety/cwd.js';
import { applyLimitFlags, LIMIT_HELP, LIMIT_OPTIONS } from './lib/safety/limits.js';

const HELP = `Usage: npm run render -- [--root DIR] [--quiet] [--no-cache] [--target NAME] [--env ENV] [--shard I/N]
       [--timeout DURATION] [--max-memory SIZE] [--jobs N]

Builds every deploy target with the real kustomize (each environment on its cluster, and each
cluster's own manifests), in parallel, and writes rendered/<target>.yaml plus rendered/index.json.
Nothing is written unless every target builds.

Options:
  --root DIR   repository root (default: the current directory)
  --quiet      print only warnings and errors
  --target NAME  only this target (repeatable); --env ENV: only this environment's targets
  --shard I/N  the I-th of N stable shares of the targets (sorted by name, dealt round-robin);
               a partial render writes only its targets' files, not index.json
  --no-cache   rebuild every target (default: reuse the kustomize output of targets whose input
               files, kustomize and this tool are unchanged)
${LIMIT_HELP}
  -h, --help   show this help

Environment:
  KUSTOMIZE    path to the kustomize binary to use (default: kustomize on PATH or in the Go bin
               directory, else kubectl kustomize)

Exit codes: 0 rendered, 2 a build failed or kustomize is missing.`;

await runMain('render', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    {
      root: { type: 'string' },
      quiet: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      target: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      shard: { type: 'string' },
      ...LIMIT_OPTIONS,
    },
    false,
  );
  applyLimitFlags(values);
  const selection = {
    targets: values.target,
    envs: values.env,
    shard: values.shard === undefined ? undefined : parseShard(values.shard),
  };
  const root = rootFrom(values.root);
  const cache = values['no-cache'] ? undefined : new RenderCache();
  const pipeline = await loadPipeline(root, { cache });
  for (const note of pipeline.notes) if (!values.quiet || note.startsWith('warning')) process.stderr.write(`${note}\n`);
  const selected = selectTargets(pipeline.targets, selection);
  if (selected.note && !values.quiet) process.stderr.write(`${selected.note.replace(/; cross-target.*$/, '')}\n`);
  const rendered = await renderTargets(root, selected.targets, pipeline.kustomize, { prebuilt: pipeline.prebuilt });
  let index: IndexEntry[];
  if (isSelection(selection)) {
    // a partial render: only these targets' files; index.json and the other files stay as they are
    for (const r of rendered) await writeFileAtomic(path.join(root, r.file), r.text);
    index = indexOf(rendered);
  } else index = await writeRendered(root, rendered);
  if (cache) {
    cache.prune();
    if (!values.quiet) process.stderr.write(`${cache.summary()}\n`);
  }
  const batch = batchSummary();
  if (batch && !values.quiet) process.stderr.write(`${batch}\n`);
  if (!values.quiet) {
    const width = Math.max(...index.map((e) => e.file.length));
    for (const entry of index)
      process.stdout.write(
        `${entry.file.padEnd(width)} ${String(entry.resources).padStart(4)}` +
          ` resources  (${entry.path} on ${entry.cluster})\n`,
      );
    process.stdout.write(
      `rendered ${index.length} targets into ` +
        `${path.relative(process.cwd(), path.join(root, 'rendered')) || 'rendered'}` +
        `/\n`,
    );
  }
  return 0;
});
