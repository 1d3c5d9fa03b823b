/**
 * The Go runtime settings of the kustomize processes validate and render start: GOGC and a
 * GOMEMLIMIT under the address-space limit, unless the environment sets its own. Checked on what
 * the started processes really see (a stand-in kustomize and batch builder that print their
 * environment), for both ways a target is built.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBatch } from '../scripts/lib/kustomize-batch.js';
import type { Kustomize } from '../scripts/lib/kustomize.js';
import { boundedBuild, GO_GC_PERCENT, goRuntimeEnv } from '../scripts/lib/safety/build.js';
import { buildLimits, setBuildLimits } from '../scripts/lib/safety/limits.js';
import { tempDir } from './helpers.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A ConfigMap whose data is what the process saw, as a shell here-document. */
const PRINT_ENV = `apiVersion: v1
kind: ConfigMap
metadata:
  name: go-env
data:
  GOGC: "\${GOGC-unset}"
  GOMEMLIMIT: "\${GOMEMLIMIT-unset}"`;

async function kustomizationDir(): Promise<string> {
  const dir = path.join(await tempDir('zarish-go-env-'), 'app');
  await mkdir(dir);
  await writeFile(path.join(dir, 'kustomization.yaml'), 'resources: []\n');
  return dir;
}

async function script(body: string): Promise<string> {
  const file = path.join(await tempDir('zarish-go-env-bin-'), 'tool');
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

/** What a stand-in `kustomize build DIR` saw, built the way validate builds with the CLI. */
async function cliSaw(): Promise<Record<string, string>> {
  const command = await script(`cat <<EOF\n${PRINT_ENV}\nEOF`);
  const k: Kustomize = { command, buildArgs: ['build'], version: 'v5.8.1', source: 'KUSTOMIZE' };
  return (parse(await boundedBuild(k, await kustomizationDir())) as { data: Record<string, string> }).data;
}

/** What a stand-in batch builder (`tool OUTDIR DIR...`, one status line per directory) saw. */
async function batchSaw(): Promise<Record<string, string>> {
  const command = await script(`out=$1\ncat > "$out/0.yaml" <<EOF\n${PRINT_ENV}\nEOF\necho '{"index":0,"ok":true}'`);
  const text = await runBatch({ command, version: 'v5.8.1' }, [await kustomizationDir()])
    .values()
    .next().value;
  expect(text).toBeDefined();
  return (parse(String(text)) as { data: Record<string, string> }).data;
}

describe('Go runtime settings of the kustomize processes', () => {
  const saved = { limits: buildLimits(), GOGC: process.env.GOGC, GOMEMLIMIT: process.env.GOMEMLIMIT };
  afterEach(() => {
    setBuildLimits(saved.limits);
    for (const name of ['GOGC', 'GOMEMLIMIT'] as const) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('GOGC, and a GOMEMLIMIT of half the address space left after a GiB, with a 256 MiB floor', () => {
    expect(goRuntimeEnv(2 * GiB, {})).toEqual({ GOGC: '400', GOMEMLIMIT: String(512 * MiB) });
    expect(goRuntimeEnv(1.5 * GiB, {})).toEqual({ GOGC: '400', GOMEMLIMIT: String(256 * MiB) });
    expect(goRuntimeEnv(8 * GiB, {}).GOMEMLIMIT).toBe(String(3.5 * GiB));
    // no address-space limit: no memory limit either
    expect(goRuntimeEnv(0, {})).toEqual({ GOGC: '400' });
    // the environment's own settings win
    expect(goRuntimeEnv(2 * GiB, { GOGC: '100', GOMEMLIMIT: '1GiB' })).toEqual({});
    expect(GO_GC_PERCENT).toBe(400);
  });

  it('the CLI and the batch builder are started with them', async () => {
    delete process.env.GOGC;
    delete process.env.GOMEMLIMIT;
    setBuildLimits({ maxMemoryBytes: 2 * GiB });
    const expected = { GOGC: '400', GOMEMLIMIT: String(512 * MiB) };
    expect(await cliSaw()).toEqual(expected);
    expect(await batchSaw()).toEqual(expected);
  });

  it('a GOGC or GOMEMLIMIT set by the user reaches both unchanged', async () => {
    process.env.GOGC = '150';
    process.env.GOMEMLIMIT = '900MiB';
    const expected = { GOGC: '150', GOMEMLIMIT: '900MiB' };
    expect(await cliSaw()).toEqual(expected);
    expect(await batchSaw()).toEqual(expected);
  });
});
