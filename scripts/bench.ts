#!/usr/bin/env tsx
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { generateBenchRepo, median, timeBareBuilds } from './lib/bench.js';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { loadPipeline } from './lib/pipeline.js';
import { renderTargets } from './lib/render.js';
import { runChecks } from './lib/validate/engine.js';
import { unitsFromRendered } from './lib/validate/load.js';
import { RULES } from './lib/validate/registry.js';
import { schemaSources } from './lib/validate/run.js';
import { loadPolicy } from './lib/policy.js';

const HELP = `Usage: npm run bench -- [--services N] [--runs R] [--keep] [--root DIR]

Measures the pipeline on the repo itself and on a synthetic repo (the repo plus N services cloned
from patient-registry, deployed to all four environments), in a temporary directory:
  - the bare parallel kustomize builds of every deploy target,
  - npm run validate on the same repo (a fresh process, as CI runs it),
  - their ratio, and resources validated per second by the checks alone.
Each figure is the median of R runs.

Options:
  --services N   synthetic services (default 100)
  --runs R       runs per measurement (default 3)
  --keep         keep the synthetic repo and print its path
  --root DIR     repository root (default: the current directory)`;

const CONCURRENCY = Math.max(2, os.cpus().length);
const TSX = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../node_modules/.bin/tsx');
const VALIDATE = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'validate.ts');

interface Figures {
  readonly label: string;
  readonly targets: number;
  readonly resources: number;
  readonly bare: number;
  readonly validate: number;
  readonly checks: number;
}

async function measure(label: string, root: string, runs: number): Promise<Figures> {
  const pipeline = await loadPipeline(root);
  const dirs = pipeline.targets.map((t) => path.join(root, t.path));
  const bare: number[] = [];
  const full: number[] = [];
  const checks: number[] = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    bare.push(await timeBareBuilds(pipeline.kustomize, dirs, CONCURRENCY));
    const start = performance.now();
    const result = await execa(TSX, [VALIDATE, '--root', root, '--format', 'json'], { reject: false, maxBuffer: 1024 * 1024 * 1024, env: { NO_COLOR: '1' } });
    full.push((performance.now() - start) / 1000);
    if (result.exitCode === 2) throw new Error(`validate failed on ${root}: ${String(result.stderr).trim().split('\n').at(-1) ?? ''}`);
    // The checks alone, in this process: what the engine costs once the YAML is rendered.
    const rendered = await renderTargets(root, pipeline.targets, pipeline.kustomize);
    const units = unitsFromRendered(root, rendered);
    resources = units.reduce((n, u) => n + u.resources.length, 0);
    const policy = await loadPolicy(root);
    const schemas = schemaSources(root);
    const checkStart = performance.now();
    runChecks(units, { rules: RULES, schemas, policy });
    checks.push((performance.now() - checkStart) / 1000);
  }
  return { label, targets: pipeline.targets.length, resources, bare: median(bare), validate: median(full), checks: median(checks) };
}

function print(f: Figures): void {
  const rate = f.resources / f.checks;
  process.stdout.write(
    [
      `${f.label}: ${f.targets} targets, ${f.resources} resources`,
      `  bare kustomize builds (parallel):   ${f.bare.toFixed(2)} s`,
      `  npm run validate (fresh process):   ${f.validate.toFixed(2)} s`,
      `  ratio validate / bare builds:       ${(f.validate / f.bare).toFixed(2)}x`,
      `  checks alone:                       ${f.checks.toFixed(2)} s (${Math.round(rate)} resources/s)`,
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
    process.stdout.write(`targets: validate within 1.5x of the bare builds on this repo; the synthetic repo validated in under 15 s\n`);
  } finally {
    if (values.keep) process.stdout.write(`kept: ${dir}\n`);
    else await rm(dir, { recursive: true, force: true });
  }
  return 0;
});
