#!/usr/bin/env tsx
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { generateBenchRepo, median, timeBareBuilds } from './lib/bench.js';
import { parseCli, runMain } from './lib/cli.js';
import { ToolError, UsageError } from './lib/errors.js';
import { loadPipeline } from './lib/pipeline.js';
import { TOOL_ROOT } from './lib/paths.js';

const HELP = `Usage: npm run bench -- [--services N] [--runs R] [--keep] [--root DIR]

Measures the pipeline on the repo itself and on a synthetic repo (the repo plus N services cloned
from patient-registry, deployed to all four environments), in a temporary directory:
  - the bare parallel kustomize builds of every deploy target,
  - npm run validate on the same repo (a fresh process, as CI runs it),
  - their ratio, and where validate's time goes (startup, Argo CD model, render, and the
    validation step alone, with resources validated per second), from its --timings.
Each figure is the median of R runs.

Options:
  --services N   synthetic services (default 100)
  --runs R       runs per measurement (default 3)
  --keep         keep the synthetic repo and print its path
  --root DIR     repository root (default: the current directory)`;

const CONCURRENCY = Math.max(2, os.cpus().length);
/** the built validate command, what `npm run validate` runs */
const VALIDATE = path.join(TOOL_ROOT, 'dist/scripts/validate.js');

interface Figures {
  readonly label: string;
  readonly targets: number;
  readonly resources: number;
  readonly bare: number;
  readonly validate: number;
  /** phases of the fresh validate process (its --timings line), medians */
  readonly phases: Readonly<Record<string, number>>;
}

/** Parses `timings: argocd 0.24s, render 1.63s, load 0.03s, checks 0.71s, since start 3.66s`. */
function parseTimings(stderr: string): Record<string, number> {
  const line = stderr.split('\n').find((l) => l.startsWith('timings: ')) ?? '';
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/([a-z ]+?) (\d+\.\d+)s/g)) out[(m[1] as string).trim()] = Number(m[2]);
  return out;
}

async function measure(label: string, root: string, runs: number): Promise<Figures> {
  const pipeline = await loadPipeline(root);
  const dirs = pipeline.targets.map((t) => path.join(root, t.path));
  const bare: number[] = [];
  const full: number[] = [];
  const phases: Record<string, number>[] = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    bare.push(await timeBareBuilds(pipeline.kustomize, dirs, CONCURRENCY));
    const start = performance.now();
    const result = await execa(process.execPath, [VALIDATE, '--root', root, '--format', 'json', '--timings'], { reject: false, maxBuffer: 1024 * 1024 * 1024, env: { NO_COLOR: '1' } });
    full.push((performance.now() - start) / 1000);
    if (result.exitCode === 2) throw new ToolError(`validate failed on ${root}: ${String(result.stderr).trim().split('\n').at(-1) ?? ''}`);
    phases.push(parseTimings(String(result.stderr)));
    resources = (JSON.parse(String(result.stdout)) as { summary: { resources: number } }).summary.resources;
  }
  const names = Object.keys(phases[0] ?? {});
  return { label, targets: pipeline.targets.length, resources, bare: median(bare), validate: median(full), phases: Object.fromEntries(names.map((n) => [n, median(phases.map((p) => p[n] ?? 0))])) };
}

function print(f: Figures): void {
  const p = f.phases;
  const validation = (p.load ?? 0) + (p.checks ?? 0);
  const startup = p.startup ?? 0;
  process.stdout.write(
    [
      `${f.label}: ${f.targets} targets, ${f.resources} resources`,
      `  bare kustomize builds (parallel):   ${f.bare.toFixed(2)} s`,
      `  npm run validate (fresh process):   ${f.validate.toFixed(2)} s  (ratio ${(f.validate / f.bare).toFixed(2)}x the bare builds)`,
      `    startup (node, tsx, modules):     ${startup.toFixed(2)} s`,
      `    Argo CD model (bootstrap build):  ${(p.argocd ?? 0).toFixed(2)} s`,
      `    render (kustomize, parallel):     ${(p.render ?? 0).toFixed(2)} s`,
      `    validation (parse + checks):      ${validation.toFixed(2)} s  (${Math.round(f.resources / Math.max(validation, 0.001))} resources/s, cold; overlaps the builds)`,
      '',
    ].join('\n'),
  );
}

await runMain('bench', HELP, async (argv) => {
  const { values } = parseCli(argv, { services: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean' }, root: { type: 'string' } }, false);
  const services = Number(values.services ?? 100);
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(services) || services < 0) throw new UsageError(`--services ${values.services}: expected a whole number`);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${values.runs}: expected a whole number >= 1`);
  const root = path.resolve(values.root ?? '.');
  process.stdout.write(`machine: ${os.cpus().length} cores, node ${process.version}; median of ${runs} run(s)\n\n`);
  print(await measure('this repo', root, runs));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zarish-bench-'));
  try {
    await generateBenchRepo(root, dir, services);
    const figures = await measure(`synthetic repo (${services} extra services x 4 environments)`, dir, runs);
    print(figures);
    process.stdout.write(`targets: validate within 1.5x of the bare builds on this repo; the synthetic repo's validation in under 15 s\n`);
  } finally {
    if (values.keep) process.stdout.write(`kept: ${dir}\n`);
    else await rm(dir, { recursive: true, force: true });
  }
  return 0;
});
