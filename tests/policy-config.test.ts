/**
 * policy.yaml: allowed registries, environments whose images must be immutable, and per-environment severity
 * overrides — parsed by scripts/lib/policy.ts and applied by the engine (scripts/lib/validate/engine.ts) per unit.
 * The engine is driven directly with hand-made units, one per environment, as validate() builds them for targets.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ToolError } from '../scripts/lib/errors.js';
import type { Finding, Severity } from '../scripts/lib/findings.js';
import {
  DEFAULT_POLICY,
  loadPolicy,
  parsePolicy,
  POLICY_FILE,
  severityIn,
  type Policy,
} from '../scripts/lib/policy.js';
import { runChecks } from '../scripts/lib/validate/engine.js';
import { parseManifests } from '../scripts/lib/model/load.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { validate } from '../scripts/lib/validate/run.js';
import type { RuleGroup, Unit } from '../scripts/lib/validate/types.js';
import { ROOT, runScript, tempDir } from './helpers.js';

const ENVIRONMENTS = ['dev', 'staging', 'prod', 'dr'] as const;

/** A hardened Deployment whose only variable is its image. */
function deployment(image: string, name = 'ms-x'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ms-x
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: ${image}
          ports: [{ name: http, containerPort: 8080 }]
          securityContext: { readOnlyRootFilesystem: true }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 200m, memory: 256Mi }
          livenessProbe: { httpGet: { path: /health, port: http } }
          readinessProbe: { httpGet: { path: /ready, port: http } }
`;
}

function unitOf(environment: string | undefined, text: string): Unit {
  const name = environment ?? 'path-argument';
  const { resources, findings } = parseManifests(text, `${name}/deployment.yaml`, name);
  return { name, environment, namespace: 'ms-x', kubernetesVersion: '1.28', resources, loadFindings: findings };
}

/** The findings of one rule per unit, running the hardening group as validate() would. */
function check(policy: Policy, units: readonly Unit[], ruleId = 'SEC-H-04'): Map<string, Finding[]> {
  const findings = runChecks(units, {
    rules: RULES,
    groups: new Set<RuleGroup>(['hardening']),
    schemas: [],
    policy,
    now: new Date('2026-11-23T00:00:00Z'),
  });
  const out = new Map<string, Finding[]>(units.map((u) => [u.name, []]));
  for (const f of findings) if (f.ruleId === ruleId) out.get(f.unit)?.push(f);
  return out;
}

function perEnvironment(
  policy: Policy,
  image: string,
  envs: readonly (string | undefined)[] = [...ENVIRONMENTS, undefined],
  ruleId = 'SEC-H-04',
): Record<string, Finding[]> {
  const byUnit = check(
    policy,
    envs.map((e) => unitOf(e, deployment(image))),
    ruleId,
  );
  return Object.fromEntries(envs.map((e) => [e ?? 'path-argument', byUnit.get(e ?? 'path-argument') ?? []]));
}

const severities = (r: Record<string, Finding[]>): Record<string, Severity[]> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((f) => f.severity)]));

const REPO_POLICY = await loadPolicy(ROOT);

describe("the repo's policy.yaml", () => {
  it('loads with the documented allowances and overrides', () => {
    expect(REPO_POLICY.allowedRegistries).toContain('registry.zs-his.com/');
    expect(REPO_POLICY.immutableImageEnvironments).toEqual(['prod', 'dr']);
    expect(REPO_POLICY.severity['SEC-H-04']).toEqual({ dev: 'warning' });
  });

  it('names only registered rules and known environments', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const [rule, perEnv] of Object.entries(REPO_POLICY.severity)) {
      expect(ids, rule).toContain(rule);
      for (const env of Object.keys(perEnv))
        expect(['default', 'cluster', ...ENVIRONMENTS], `${rule}.${env}`).toContain(env);
    }
  });

  it('without a policy.yaml the defaults apply', async () => {
    expect(await loadPolicy(await tempDir('zarish-policy-'))).toBe(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.allowedRegistries).toEqual(['registry.zs-his.com/']);
  });
});

describe('severity overrides per environment', () => {
  it('SEC-H-04 (a moving tag) is a warning in dev and an error elsewhere, in one run', () => {
    const got = perEnvironment(REPO_POLICY, 'registry.zs-his.com/zs-his/ms-x:latest');
    expect(severities(got)).toEqual({
      dev: ['warning'],
      staging: ['error'],
      prod: ['error'],
      dr: ['error'],
      'path-argument': ['error'],
    });
    // Same finding otherwise: message, line, path.
    const [dev, prod] = [got.dev?.[0], got.prod?.[0]];
    expect(dev && { ...dev, severity: 'x', unit: 'x', file: 'x' }).toEqual(
      prod && { ...prod, severity: 'x', unit: 'x', file: 'x' },
    );
    expect(dev?.message).toContain('"latest"');
  });

  it('"default" applies to every environment not listed, path arguments included', () => {
    const policy = parsePolicy({ severity: { 'SEC-H-04': { default: 'info', prod: 'error' } } }, POLICY_FILE);
    expect(severities(perEnvironment(policy, 'registry.zs-his.com/zs-his/ms-x:latest'))).toEqual({
      dev: ['info'],
      staging: ['info'],
      prod: ['error'],
      dr: ['info'],
      'path-argument': ['info'],
    });
  });

  it('an override touches only its rule', () => {
    const policy = parsePolicy({ severity: { 'REL-01': { prod: 'error' } } }, POLICY_FILE);
    const noLimits = deployment('registry.zs-his.com/zs-his/ms-x:1.2.3').replace(/ {12}limits: .*\n/, '');
    const byUnit = check(
      policy,
      ['dev', 'prod'].map((e) => unitOf(e, noLimits)),
      'REL-01',
    );
    expect(byUnit.get('dev')?.map((f) => f.severity)).toEqual(['warning']);
    expect(byUnit.get('prod')?.map((f) => f.severity)).toEqual(['error']);
    // SEC-H-04 keeps the rule's own severity under this policy.
    expect(severities(perEnvironment(policy, 'registry.zs-his.com/zs-his/ms-x:latest', ['dev']))).toEqual({
      dev: ['error'],
    });
  });

  it('severityIn: environment, then default, then the rule severity', () => {
    const policy = parsePolicy({ severity: { 'SEC-H-04': { dev: 'warning', default: 'info' } } }, POLICY_FILE);
    expect(severityIn(policy, 'SEC-H-04', 'dev', 'error')).toBe('warning');
    expect(severityIn(policy, 'SEC-H-04', 'prod', 'error')).toBe('info');
    expect(severityIn(policy, 'SEC-H-04', undefined, 'error')).toBe('info');
    expect(severityIn(policy, 'SEC-H-01', 'dev', 'warning')).toBe('warning');
    expect(severityIn(REPO_POLICY, 'SEC-H-04', 'prod', 'error')).toBe('error');
  });
});

describe('immutableImageEnvironments', () => {
  it('a moving tag such as "nightly" is an error in prod and dr, and not flagged in dev or staging', () => {
    const got = perEnvironment(REPO_POLICY, 'registry.zs-his.com/zs-his/ms-x:nightly');
    expect(severities(got)).toEqual({ dev: [], staging: [], prod: ['error'], dr: ['error'], 'path-argument': [] });
    expect(got.prod?.[0]?.message).toContain('not pinned');
    expect(got.prod?.[0]?.message).toContain('in prod');
    expect(got.dr?.[0]?.message).toContain('in dr');
    expect(got.prod?.[0]?.path).toBe('spec.template.spec.containers[0].image');
  });

  it('semver tags and sha256 digests are pinned', () => {
    for (const image of [
      'registry.zs-his.com/zs-his/ms-x:1.2.3',
      'registry.zs-his.com/zs-his/ms-x:v1.4.2-rc.1',
      `registry.zs-his.com/zs-his/ms-x@sha256:${'a'.repeat(64)}`,
      `registry.zs-his.com/zs-his/ms-x:nightly@sha256:${'b'.repeat(64)}`,
    ]) {
      expect(severities(perEnvironment(REPO_POLICY, image, ['prod', 'dr'])), image).toEqual({ prod: [], dr: [] });
    }
  });

  it('follows the list in policy.yaml', () => {
    const policy = parsePolicy({ immutableImageEnvironments: ['staging'] }, POLICY_FILE);
    expect(severities(perEnvironment(policy, 'registry.zs-his.com/zs-his/ms-x:nightly'))).toEqual({
      dev: [],
      staging: ['error'],
      prod: [],
      dr: [],
      'path-argument': [],
    });
  });
});

describe('allowedRegistries', () => {
  it('an image from a registry outside the list is a finding; the prefix includes the slash', () => {
    for (const image of [
      'docker.io/library/nginx:1.25.3',
      'nginx:1.25.3',
      'registry.zs-his.com.evil.example/zs-his/ms-x:1.2.3',
    ]) {
      const got = perEnvironment(REPO_POLICY, image, ['prod']);
      expect(got.prod?.map((f) => f.message).join('\n'), image).toContain('is not from an allowed registry');
      expect(
        got.prod?.map((f) => f.severity),
        image,
      ).toEqual(['error']);
    }
  });

  it('every prefix of the list is allowed', () => {
    for (const image of [
      'registry.zs-his.com/zs-his/ms-x:1.2.3',
      'ghcr.io/cloudnative-pg/postgresql:16.4.0',
      'fluent/fluentd:v1.16.2-1.0',
    ]) {
      expect(severities(perEnvironment(REPO_POLICY, image, ['prod'])), image).toEqual({ prod: [] });
    }
  });

  it('follows the list in policy.yaml', () => {
    const policy = parsePolicy({ allowedRegistries: ['docker.io/library/'] }, POLICY_FILE);
    expect(severities(perEnvironment(policy, 'docker.io/library/nginx:1.25.3', ['prod']))).toEqual({ prod: [] });
    const ours = perEnvironment(policy, 'registry.zs-his.com/zs-his/ms-x:1.2.3', ['prod']);
    expect(ours.prod?.[0]?.message).toContain('policy.yaml allowedRegistries: docker.io/library/');
  });

  it('validate() reads policy.yaml from the root it is given', async () => {
    const root = await tempDir('zarish-policy-');
    await writeFile(
      path.join(root, POLICY_FILE),
      'allowedRegistries: [docker.io/library/]\nseverity:\n  SEC-H-04: { default: info }\n',
    );
    const file = path.join(root, 'deployment.yaml');
    await writeFile(file, deployment('registry.zs-his.com/zs-his/ms-x:latest'));
    const result = await validate({ root, paths: [file], cwd: root, groups: new Set<RuleGroup>(['hardening']) });
    const found = result.findings.filter((f) => f.ruleId === 'SEC-H-04');
    expect(found.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(found.map((f) => f.message).join('\n')).toContain('allowedRegistries: docker.io/library/');
  });
});

describe('a malformed policy.yaml', () => {
  const fails = (object: Record<string, unknown>): ToolError => {
    try {
      parsePolicy(object, POLICY_FILE);
    } catch (error) {
      expect(error).toBeInstanceOf(ToolError);
      return error as ToolError;
    }
    throw new Error(`accepted ${JSON.stringify(object)}`);
  };
  const EXPECTED =
    'expected allowedRegistries (list of prefixes), ' +
    'immutableImageEnvironments (list), severity (rule -> environment -> ' +
    'error|warning|info)';

  it.each([
    ['an unknown key', { allowedRegistry: ['registry.zs-his.com/'] }, 'unknown key "allowedRegistry"'],
    [
      'a bad severity',
      { severity: { 'SEC-H-04': { dev: 'fatal' } } },
      'severity.SEC-H-04.dev is "fatal", not error, warning or info',
    ],
    [
      'allowedRegistries not a list',
      { allowedRegistries: 'registry.zs-his.com/' },
      'allowedRegistries must be a list of strings',
    ],
    [
      'immutableImageEnvironments with a non-string',
      { immutableImageEnvironments: ['prod', 7] },
      'immutableImageEnvironments must be a list of strings',
    ],
    ['severity not a mapping', { severity: ['SEC-H-04'] }, 'severity must be a mapping'],
    [
      'a rule not mapped to environments',
      { severity: { 'SEC-H-04': 'warning' } },
      'severity.SEC-H-04 must map environments to severities',
    ],
  ] as const)('%s is a ToolError naming policy.yaml and what was expected', (_what, object, says) => {
    const error = fails(object);
    expect(error.message.startsWith(`${POLICY_FILE}: `)).toBe(true);
    expect(error.message).toContain(says);
    expect(error.message).toContain(EXPECTED);
  });

  it('loadPolicy reports the file and what was expected for YAML that is not a mapping or does not parse', async () => {
    const root = await tempDir('zarish-policy-');
    await writeFile(path.join(root, POLICY_FILE), '- registry.zs-his.com/\n');
    await expect(loadPolicy(root)).rejects.toThrow(ToolError);
    await expect(loadPolicy(root)).rejects.toThrow(/policy\.yaml.*expected allowedRegistries/);
    await writeFile(path.join(root, POLICY_FILE), 'severity:\n  SEC-H-04: { dev: warning\n');
    await expect(loadPolicy(root)).rejects.toThrow(/policy\.yaml:\d+: .*expected allowedRegistries/);
    await writeFile(path.join(root, POLICY_FILE), 'severity:\n  SEC-H-04:\n    dev: fatal\n');
    await expect(loadPolicy(root)).rejects.toThrow('policy.yaml: severity.SEC-H-04.dev is "fatal"');
  });

  it('npm run validate exits 2 with one line naming policy.yaml', async () => {
    const root = await tempDir('zarish-policy-');
    await writeFile(
      path.join(root, POLICY_FILE),
      'allowedRegistries: [registry.zs-his.com/]\nimmutableImages: [prod]\n',
    );
    const { code, stdout, stderr } = await runScript('validate', [
      '--root',
      root,
      path.join(ROOT, 'tests/fixtures/bundle/clean.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('policy.yaml: unknown key "immutableImages"');
    expect(stderr).toContain('expected allowedRegistries');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('--list-rules', () => {
  it('lists every registered rule once, with its severity and group', async () => {
    const { code, stdout } = await runScript('validate', ['--list-rules']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    expect(rows.map((r) => r[0])).toEqual(RULES.map((r) => r.id));
    for (const rule of RULES) {
      const row = rows.find((r) => r[0] === rule.id);
      expect(row?.slice(1, 3), rule.id).toEqual([rule.severity, rule.group]);
    }
    expect(new Set(rows.map((r) => r[0])).size).toBe(RULES.length);
  });

  it("policy.yaml's own header points at --list-rules for the ids", () => {
    expect(readFileSync(path.join(ROOT, POLICY_FILE), 'utf8')).toContain('--list-rules');
    expect(parse(readFileSync(path.join(ROOT, POLICY_FILE), 'utf8'))).toBeTypeOf('object');
  });
});
