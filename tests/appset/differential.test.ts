/**
 * Differential test: every ApplicationSet of tests/appset/fixtures is rendered by the TypeScript
 * renderer and by Argo CD's own code (tools/appset-render, built from the Go module proxy by
 * tools/appset-render/install.sh); both must give the same Applications, or both refuse.
 * See tests/appset/README.md for what is compared and how the two Argo CD releases differ.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { renderApplicationSetsSettled } from '../../scripts/lib/appset/index.js';
import { ROOT } from '../helpers.js';
import { FIXTURES, fixtureCases, inputFor, REPO_URL } from './fixture-input.js';
import { isObj, type Obj } from '../../scripts/lib/objects.js';

/** Set by .ci/run: then the binary must be there. Locally the suite skips without it. */
const REQUIRED = process.env.APPSET_RENDER !== undefined && process.env.APPSET_RENDER !== '';
const BIN = REQUIRED ? (process.env.APPSET_RENDER as string) : join(ROOT, 'tools/appset-render/bin/appset-render');
const HAVE = existsSync(BIN);
const SKIP_MESSAGE =
  `Argo CD reference renderer ${BIN} is absent: run ` +
  `tools/appset-render/install.sh (needs Go) to run the differential ` +
  `suite`;

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The fixture's repo/ as a git repository with one commit on main, as the repo server would clone it. */
function gitCopy(repoDir: string): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'appset-diff-repo-'));
  made.push(dir);
  cpSync(repoDir, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'fixture');
  return dir;
}

/** What the API server stores for a Secret: stringData folded into data (base64). */
function storedSecret(secret: Obj): Obj {
  const data: Obj = { ...(isObj(secret.data) ? secret.data : {}) };
  if (isObj(secret.stringData))
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  const { stringData: _drop, ...rest } = secret;
  return { ...rest, data };
}

/** An AppProject for every literal project the sets name (the Git generator reads it). */
function projectsFor(appsets: Obj[], namespace: string): Obj[] {
  const names = new Set<string>();
  for (const set of appsets) {
    const project = (
      isObj(set.spec) && isObj(set.spec.template) && isObj(set.spec.template.spec)
        ? set.spec.template.spec.project
        : undefined
    ) as unknown;
    if (typeof project === 'string' && !project.includes('{{')) names.add(project);
  }
  return [...names].map((name) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name, namespace },
    spec: {},
  }));
}

/**
 * The fields both sides can express: Go's JSON cannot tell an empty string, list or map from an
 * absent one, and status, creationTimestamp and TypeMeta are not rendered.
 */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const c = canon(x);
      if (
        c === undefined ||
        c === null ||
        c === '' ||
        (Array.isArray(c) && c.length === 0) ||
        (isObj(c) && Object.keys(c).length === 0)
      )
        continue;
      out[k] = c;
    }
    return out;
  }
  return v;
}

function comparable(app: Obj): Obj {
  const meta = isObj(app.metadata) ? { ...app.metadata } : {};
  delete meta.creationTimestamp;
  return canon({ metadata: meta, spec: app.spec }) as Obj;
}

const byName = (a: Obj, b: Obj): number =>
  String((a.metadata as Obj).name).localeCompare(String((b.metadata as Obj).name));

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** The API server refuses an Application whose name or label values are not valid. */
function apiServerAccepts(app: Obj): boolean {
  const meta = isObj(app.metadata) ? app.metadata : {};
  const name = String(meta.name ?? '');
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) return false;
  return Object.values(isObj(meta.labels) ? meta.labels : {}).every(
    (v) => typeof v === 'string' && v.length <= 63 && LABEL_VALUE.test(v),
  );
}

/** The fixture repository under both spellings of its URL (with and without .git). */
function reposFor(dir: string): Record<string, string> {
  return { [REPO_URL]: dir, [REPO_URL.replace(/\.git$/, '')]: dir };
}

interface GoResult {
  name: string;
  applications: Obj[];
  error?: string;
  skipped?: string[];
}

async function argoRender(dir: string): Promise<GoResult[]> {
  const input = inputFor(dir);
  const namespace = input.argocdNamespace ?? 'argocd';
  const repoDir = join(dir, 'repo');
  const payload = {
    // applied into the Argo CD namespace when they name none, as the renderer assumes
    appsets: input.appsets.map((set) => {
      const meta = isObj(set.metadata) ? set.metadata : {};
      return {
        ...set,
        metadata: {
          ...meta,
          namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : namespace,
        },
      };
    }),
    clusterSecrets: input.clusterSecrets.map(storedSecret),
    appProjects: projectsFor(input.appsets, namespace),
    argocdNamespace: namespace,
    repos: existsSync(repoDir) ? reposFor(gitCopy(repoDir)) : {},
    gitFileGlobbing: input.gitFileGlobbing === 'doublestar',
  };
  const run = await execa(BIN, [], { input: JSON.stringify(payload), reject: false });
  if (run.exitCode !== 0) throw new Error(`appset-render failed (${String(run.exitCode)}): ${String(run.stderr)}`);
  return (JSON.parse(String(run.stdout)) as { results: GoResult[] }).results;
}

interface Outcome {
  applications: Obj[];
  refused: boolean;
}

const cases = fixtureCases();

describe('ApplicationSets rendered by Argo CD and by the TypeScript renderer agree', () => {
  it.skipIf(HAVE)(SKIP_MESSAGE, () => {
    expect(REQUIRED).toBe(false);
  });
  it('no fixture uses what differs between the pinned Argo CD (v3.4.7) and the reference (v3.6.0)', () => {
    // tests/appset/README.md: v3.6.0 adds the tpl function and hides some cluster Secret annotations
    const differing = [
      /\btpl\b/,
      /argocd\.argoproj\.io\/(refresh|hydrate)/,
      /last-applied-configuration/,
      /argocd\.argoproj\.io\/instance/,
      /argocd\.argoproj\.io\/installation-id/,
      /\boci:/,
    ];
    for (const name of cases) {
      for (const file of ['appset.yaml', 'clusters.yaml']) {
        const path = join(FIXTURES, name, file);
        if (!existsSync(path)) continue;
        const text = readFileSync(path, 'utf8');
        for (const re of differing) expect(re.test(text), `${name}/${file} uses ${String(re)}`).toBe(false);
      }
    }
  });
  it.runIf(HAVE)('covers at least 40 ApplicationSets', () => {
    const total = cases.reduce((n, c) => n + inputFor(join(FIXTURES, c)).appsets.length, 0);
    expect(total).toBeGreaterThanOrEqual(40);
  });
  for (const name of cases) {
    it.runIf(HAVE)(
      name,
      async () => {
        const dir = join(FIXTURES, name);
        const input = inputFor(dir);
        const [ts, go] = await Promise.all([renderApplicationSetsSettled(input), argoRender(dir)]);
        expect(go.length).toBe(input.appsets.length);
        const mine: Record<string, Outcome> = {};
        const theirs: Record<string, Outcome> = {};
        for (const g of go) {
          const accepted = g.applications.filter(apiServerAccepts);
          theirs[g.name] = {
            applications: accepted.map(comparable).sort(byName),
            refused: g.error !== undefined || (g.skipped ?? []).length > 0 || accepted.length !== g.applications.length,
          };
          mine[g.name] = {
            applications: ts.applications
              .filter((a) => a.appset === g.name)
              .map((a) => comparable(a.application))
              .sort(byName),
            refused: ts.errors.some((e) => e.appset === g.name),
          };
        }
        const detail = go
          .filter((g) => g.error !== undefined || g.skipped !== undefined)
          .map((g) => `${g.name}: ${g.error ?? ''}${(g.skipped ?? []).join('; ')}`);
        const tsErrors = ts.errors.map((e) => e.message);
        expect({ outcome: mine, note: 'TypeScript', errors: tsErrors, argo: detail }).toEqual({
          outcome: theirs,
          note: 'TypeScript',
          errors: tsErrors,
          argo: detail,
        });
      },
      60_000,
    );
  }
});
