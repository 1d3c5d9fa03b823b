/**
 * The kustomize batch builder (tools/kustomize-batch, scripts/lib/kustomize-batch.ts) against the
 * kustomize CLI it stands in for: the same pinned version, byte-identical output for every
 * kustomization of the repo and of tests/fixtures, failures reported as failures and then built by
 * the CLI (so the message is the CLI's), and a fallback to the CLI whenever the batch itself fails.
 * The tests that run the batch binary skip, saying why, when it is not installed
 * (tools/kustomize-batch/install.sh, which .ci/run runs).
 */
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  batchPath,
  batchSummary,
  findBatch,
  KUSTOMIZE_MODULE,
  pinnedBatchVersion,
  resetBatchState,
} from '../scripts/lib/kustomize-batch.js';
import {
  BATCH_SPLIT_FILES,
  batchGroups,
  findKustomize,
  kustomizeBuild,
  prepareBuilds,
  type Kustomize,
} from '../scripts/lib/kustomize.js';
import { boundedBuild } from '../scripts/lib/safety/build.js';
import { setBuildLimits } from '../scripts/lib/safety/limits.js';
import { pinnedVersions } from '../scripts/lib/versions.js';
import { ROOT, tempDir } from './helpers.js';

process.env.PATH = `${path.join(os.homedir(), 'go/bin')}:${process.env.PATH ?? ''}`;
const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;
const SKIP = new Set(['node_modules', '.git', 'dist', 'rendered']);

/** Every directory under `dir` holding a kustomization, sorted. */
function kustomizationDirs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && KUSTOMIZATION.test(e.name))) out.push(d);
    for (const e of entries) if (e.isDirectory() && !SKIP.has(e.name)) walk(path.join(d, e.name));
  };
  walk(dir);
  return out.sort();
}

function installed(file: string | undefined): file is string {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const BATCH = process.env.KUSTOMIZE_BATCH ? path.resolve(process.env.KUSTOMIZE_BATCH) : batchPath();
const HAVE_BATCH = installed(BATCH);
const SKIP_REASON = `kustomize-batch not installed at ${BATCH} (run tools/kustomize-batch/install.sh)`;
if (!HAVE_BATCH) console.warn(`skipping the batch-builder tests that run it: ${SKIP_REASON}`);

/** A Kustomize without the render cache, so every build really runs. */
let cli: Kustomize;
beforeAll(async () => {
  cli = await findKustomize();
});
afterEach(() => {
  delete process.env.KUSTOMIZE_BATCH;
  delete process.env.ZARISH_KUSTOMIZE_BATCH;
  resetBatchState();
});

/** What the CLI does with a directory: its stdout, or its error message (Error: ...). */
async function cliBuild(dir: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  const r = await execa(cli.command, [...cli.buildArgs, dir], { reject: false, stripFinalNewline: false });
  return r.exitCode === 0 ? { ok: true, text: r.stdout } : { ok: false, error: r.stderr.trim() };
}

/** The build error message of a pure CLI build, or undefined when it builds. */
async function cliMessage(dir: string): Promise<string | undefined> {
  return boundedBuild(cli, dir).then(
    () => undefined,
    (e: Error) => e.message,
  );
}

async function fakeBatch(name: string, script: string): Promise<string> {
  const file = path.join(await tempDir('zarish-fake-batch-'), name);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('kustomize batch builder: the pinned version', () => {
  it('tools/kustomize-batch/go.mod requires the kustomize .ci/run installs (tool-versions -- kustomize)', async () => {
    const pinned = await pinnedVersions(ROOT);
    expect(pinnedBatchVersion()).toBe(pinned.kustomize);
    const goMod = readFileSync(path.join(ROOT, 'tools/kustomize-batch/go.mod'), 'utf8');
    expect(goMod).toContain(`${KUSTOMIZE_MODULE} ${pinned.kustomize}`);
  });

  it.skipIf(!HAVE_BATCH)('the installed binary reports that version, and is accepted for the CLI', async () => {
    const { stdout } = await execa(BATCH as string, ['version']);
    expect(stdout.trim()).toBe(pinnedBatchVersion());
    process.env.KUSTOMIZE_BATCH = BATCH;
    expect(cli.version).toBe(pinnedBatchVersion());
    expect(await findBatch(cli)).toEqual({ command: BATCH, version: cli.version });
  });

  it.skipIf(!HAVE_BATCH)('is built from exactly the modules of the kustomize CLI (go version -m)', async (ctx) => {
    const deps = async (file: string): Promise<string[]> => {
      const r = await execa('go', ['version', '-m', file], { reject: false });
      if (r.exitCode !== 0) ctx.skip();
      return r.stdout
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[0] === 'dep' && f[1] !== KUSTOMIZE_MODULE)
        .map((f) => `${f[1]} ${f[2]}`);
    };
    const batch = await deps(BATCH as string);
    expect(batch.length).toBeGreaterThan(10);
    expect(batch).toEqual(await deps(cli.command));
  });
});

describe.skipIf(!HAVE_BATCH)('kustomize batch builder: differential against the CLI', () => {
  // Every kustomization of the repo (the deploy targets, their bases, the components, which do not
  // build on their own) and of tests/fixtures, in one batch process, in this order.
  const dirs = [
    ...['argocd', 'base', 'clusters', 'components', 'overlays'].flatMap((d) => kustomizationDirs(path.join(ROOT, d))),
    ...kustomizationDirs(path.join(ROOT, 'tests/fixtures')),
  ];

  it('prints byte-identical output for every build, and reports every CLI failure as failed', async () => {
    expect(dirs.length).toBeGreaterThan(30);
    const out = await tempDir('zarish-batch-out-');
    const r = await execa(BATCH as string, [out, ...dirs]);
    const statuses = r.stdout.split('\n').map((l) => JSON.parse(l) as { index: number; ok: boolean; error?: string });
    expect(statuses.map((s) => s.index)).toEqual(dirs.map((_, i) => i));
    let failures = 0;
    for (const [i, dir] of dirs.entries()) {
      const want = await cliBuild(dir);
      const got = statuses[i];
      if (want.ok) {
        expect({ dir, ok: got?.ok }).toEqual({ dir, ok: true });
        expect(readFileSync(path.join(out, `${i}.yaml`), 'utf8'), dir).toBe(want.text);
      } else {
        failures++;
        expect({ dir, ok: got?.ok, error: got?.error }).toEqual({ dir, ok: false, error: want.error });
      }
    }
    // the fixtures that must fail, and the components (not buildable alone) did
    expect(failures).toBeGreaterThanOrEqual(3);
  });

  it('a kustomization with its own OpenAPI schema does not change how the next one builds', async () => {
    const fixtures = path.join(ROOT, 'tests/fixtures/kustomize-batch');
    const custom = path.join(fixtures, 'custom-openapi');
    const plain = path.join(fixtures, 'no-openapi');
    const out = await tempDir('zarish-batch-out-');
    await execa(BATCH as string, [out, custom, plain, custom, plain]);
    const [a, b] = [await cliBuild(custom), await cliBuild(plain)];
    if (!a.ok || !b.ok) throw new Error('the openapi fixtures must build');
    // the schema makes the patch merge the list: the fixtures differ, so a leak would show
    expect(a.text).not.toBe(b.text);
    expect([0, 1, 2, 3].map((i) => readFileSync(path.join(out, `${i}.yaml`), 'utf8'))).toEqual([
      a.text,
      b.text,
      a.text,
      b.text,
    ]);
  });

  it('through render: the same outputs, and for a failed target exactly the CLI-only BuildError message', async () => {
    process.env.KUSTOMIZE_BATCH = BATCH;
    await prepareBuilds(cli, dirs);
    for (const dir of dirs) {
      const viaBatch = await kustomizeBuild(cli, dir).then(
        (text) => ({ text }),
        (e: Error) => ({ error: e.message }),
      );
      const message = await cliMessage(dir);
      if (message === undefined) {
        const want = await cliBuild(dir);
        expect(want.ok && { text: want.text }, dir).toEqual(viaBatch);
      } else expect(viaBatch, dir).toEqual({ error: message });
    }
    expect(batchSummary()).toMatch(
      /^kustomize batch builder: \d+ build\(s\) in [12] process\(es\), \d+ rebuilt with the CLI/,
    );
  });
});

describe.skipIf(!HAVE_BATCH)('kustomize batch builder: falls back to the CLI', () => {
  const targets = ['overlays/dev', 'overlays/prod', 'tests/fixtures/kustomize-batch/bad-yaml'].map((d) =>
    path.join(ROOT, d),
  );

  /** Builds the targets through prepareBuilds/kustomizeBuild: outputs and error messages. */
  async function renderAll(): Promise<{ text?: string; error?: string }[]> {
    await prepareBuilds(cli, targets);
    return Promise.all(
      targets.map((d) =>
        kustomizeBuild(cli, d).then(
          (text) => ({ text }),
          (e: Error) => ({ error: e.message }),
        ),
      ),
    );
  }

  let cliOnly: { text?: string; error?: string }[];
  beforeAll(async () => {
    process.env.ZARISH_KUSTOMIZE_BATCH = '0';
    cliOnly = await renderAll();
    delete process.env.ZARISH_KUSTOMIZE_BATCH;
    expect(batchSummary()).toBeUndefined();
    expect(cliOnly[2]?.error).toMatch(/^kustomize build .*bad-yaml failed: invalid Kustomization/);
  });

  const cases: [string, string][] = [
    ['crashes (exits 1 at once)', 'exit 1'],
    [
      'reports success without writing the output',
      'shift; i=0; for d; do echo "{\\"index\\":$i,\\"ok\\":true}"; i=$((i+1)); done',
    ],
    [
      'dies after the first target (killed, as by the memory limit)',
      'printf "" > "$1/0.yaml"; echo \'{"index":0,"ok":true}\'; kill -9 $$',
    ],
  ];
  for (const [what, body] of cases) {
    it(`when the batch ${what}, every target it did not build is built by the CLI`, async () => {
      process.env.KUSTOMIZE_BATCH = await fakeBatch(
        'kustomize-batch',
        `[ "$1" = version ] && { echo ${cli.version}; exit 0; }\n${body}`,
      );
      const got = await renderAll();
      if (what.startsWith('dies')) {
        // what it reported built (an empty file, as written) is taken; the rest is the CLI's
        expect(got[0]).toEqual({ text: '' });
        expect(got.slice(1)).toEqual(cliOnly.slice(1));
      } else expect(got).toEqual(cliOnly);
      expect(batchSummary()).toMatch(/in 1 process\(es\), \d rebuilt with the CLI \(/);
    });
  }

  it('when the batch hangs, it is killed after the per-build timeout and the CLI builds every target', async () => {
    setBuildLimits({ timeoutMs: 15_000 });
    try {
      process.env.KUSTOMIZE_BATCH = await fakeBatch(
        'kustomize-batch',
        `[ "$1" = version ] && { echo ${cli.version}; exit 0; }\nsleep 600`,
      );
      const t0 = Date.now();
      expect(await renderAll()).toEqual(cliOnly);
      expect(Date.now() - t0).toBeLessThan(300_000);
      expect(batchSummary()).toMatch(/0 build\(s\) in 1 process\(es\), 3 rebuilt with the CLI/);
    } finally {
      setBuildLimits({ timeoutMs: 240_000 });
    }
  });
});

describe('kustomize batch builder: refused or off', () => {
  it('a batch builder of another kustomize version is refused (the CLI builds)', async () => {
    process.env.KUSTOMIZE_BATCH = await fakeBatch('kustomize-batch', 'echo v5.0.0');
    expect(await findBatch(cli)).toBeUndefined();
    expect(batchSummary()).toMatch(/^kustomize batch builder refused: .* has kustomize v5\.0\.0, the CLI is v/);
    const dev = path.join(ROOT, 'overlays/dev');
    await prepareBuilds(cli, [dev, path.join(ROOT, 'overlays/prod')]);
    expect(await kustomizeBuild(cli, dev)).toBe(await boundedBuild(cli, dev));
    expect(batchSummary()).toMatch(/refused/);
  });

  it('ZARISH_KUSTOMIZE_BATCH=0 turns it off; kubectl kustomize never uses it', async () => {
    process.env.KUSTOMIZE_BATCH = await fakeBatch('kustomize-batch', `echo ${cli.version}`);
    expect(await findBatch(cli)).toBeDefined();
    resetBatchState();
    process.env.ZARISH_KUSTOMIZE_BATCH = '0';
    expect(await findBatch(cli)).toBeUndefined();
    delete process.env.ZARISH_KUSTOMIZE_BATCH;
    expect(await findBatch({ ...cli, source: 'kubectl', buildArgs: ['kustomize'] })).toBeUndefined();
  });
});

describe('kustomize batch builder: how targets are shared between processes', () => {
  const dirs = ['/r/a', '/r/b', '/r/c', '/r/d'];
  it('small builds: one process whatever --jobs says, targets in the order given', () => {
    const weight = new Map(dirs.map((d) => [d, 90]));
    expect(batchGroups(dirs, weight, 2)).toEqual([dirs]);
    expect(batchGroups(dirs, weight, 4)).toEqual([dirs]);
  });
  it('large builds: --jobs processes, balanced by the size of their graphs, each in the given order', () => {
    const weight = new Map([
      ['/r/a', BATCH_SPLIT_FILES],
      ['/r/b', 10],
      ['/r/c', BATCH_SPLIT_FILES - 20],
      ['/r/d', 10],
    ]);
    // the largest first, each to the least loaded: a | c, b, d
    expect(batchGroups(dirs, weight, 2)).toEqual([['/r/a'], ['/r/b', '/r/c', '/r/d']]);
    expect(batchGroups(dirs, weight, 1)).toEqual([dirs]);
    expect(batchGroups(['/r/a', '/r/b'], weight, 8)).toHaveLength(2);
  });
});
