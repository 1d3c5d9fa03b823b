import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { lineInDoc } from './model/load.js';
import { loadEnvironments } from './clusters.js';
import { unknownValue } from './suggest.js';
import { ToolError } from './errors.js';
import { SEVERITIES, type Severity } from './findings.js';
import { readYamlObject } from './yaml-file.js';
import { firstYamlValue } from './yaml-stream.js';
import { isObj } from './objects.js';

/** The repo's validation policy (policy.yaml): allowances and per-environment severities. */
export interface Policy {
  readonly allowedRegistries: readonly string[];
  readonly immutableImageEnvironments: readonly string[];
  /** rule id -> environment (or "default") -> severity */
  readonly severity: Readonly<Record<string, Readonly<Record<string, Severity>>>>;
  /** kustomizations may fetch remote bases (refused by default: a pull request must not make CI fetch) */
  readonly allowRemoteBases?: boolean | undefined;
}

export const POLICY_FILE = 'policy.yaml';

export const DEFAULT_POLICY: Policy = {
  allowedRegistries: ['registry.zs-his.com/'],
  immutableImageEnvironments: ['prod', 'dr'],
  severity: {},
};

const EXPECTED =
  'allowedRegistries (list of prefixes), immutableImageEnvironments ' +
  '(list), severity (rule -> environment -> error|warning|info), ' +
  'allowRemoteBases (true|false)';

export function parsePolicy(object: Record<string, unknown>, file: string): Policy {
  const fail = (what: string): never => {
    throw new ToolError(`${file}: ${what} (expected ${EXPECTED})`);
  };
  const list = (key: string, fallback: readonly string[]): readonly string[] => {
    const value = object[key];
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      return fail(`${key} must be a list of strings`);
    return value as string[];
  };
  const severity: Record<string, Record<string, Severity>> = {};
  const raw = object.severity ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('severity must be a mapping');
  for (const [rule, perEnv] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof perEnv !== 'object' || perEnv === null || Array.isArray(perEnv))
      fail(`severity.${rule} must map environments to severities`);
    for (const [env, sev] of Object.entries(perEnv as Record<string, unknown>)) {
      if (!SEVERITIES.includes(sev as Severity))
        fail(`severity.${rule}.${env} is ${JSON.stringify(sev)}, not error, warning or info`);
    }
    severity[rule] = perEnv as Record<string, Severity>;
  }
  for (const key of Object.keys(object))
    if (!['allowedRegistries', 'immutableImageEnvironments', 'severity', 'allowRemoteBases'].includes(key))
      fail(`unknown key "${key}"`);
  const allowRemoteBases = object.allowRemoteBases ?? false;
  if (typeof allowRemoteBases !== 'boolean') fail('allowRemoteBases must be true or false');
  return {
    allowedRegistries: list('allowedRegistries', DEFAULT_POLICY.allowedRegistries),
    immutableImageEnvironments: list('immutableImageEnvironments', DEFAULT_POLICY.immutableImageEnvironments),
    severity,
    allowRemoteBases: allowRemoteBases as boolean,
  };
}

export async function loadPolicy(root: string): Promise<Policy> {
  const file = path.join(root, POLICY_FILE);
  if (!existsSync(file)) return DEFAULT_POLICY;
  const value = await readYamlObject(file, EXPECTED);
  const policy = parsePolicy(value, POLICY_FILE);
  // Loaded on demand: the rule registry imports the rules, which see the policy as a type only.
  const { RULES } = await import('./validate/registry.js');
  // the environments are the repository's (clusters/*/cluster.yaml); without clusters/ (validating
  // path arguments only) there are none to check the names against
  const hasClusters = existsSync(path.join(root, 'clusters'));
  const known = {
    rules: RULES.map((r) => r.id),
    environments: hasClusters ? policyEnvironments(await loadEnvironments(root)) : undefined,
  };
  // the value read above; the text only to give the line of a name to report
  checkPolicyNames(() => readFileSync(file, 'utf8'), POLICY_FILE, known, value);
  return policy;
}

/**
 * What a policy may name as an environment: the deploy environments, the cluster and Argo CD targets,
 * and "default".
 */
export function policyEnvironments(environments: readonly string[]): string[] {
  return [...environments, 'cluster', 'argocd', 'default'];
}

interface UnknownName {
  /** where it is written: the list item, or the key */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The first rule id or environment the policy names that does not exist, in the file's order. */
function firstUnknownName(
  value: unknown,
  known: { rules: readonly string[]; environments: readonly string[] | undefined },
): UnknownName | undefined {
  if (!isObj(value)) return undefined;
  const knownEnvironments = known.environments;
  const environments = (knownEnvironments ?? []).filter((e) => e !== 'default');
  const immutable = value.immutableImageEnvironments;
  if (Array.isArray(immutable) && knownEnvironments !== undefined) {
    for (const [i, item] of immutable.entries()) {
      if (item !== null && typeof item === 'object') continue;
      if (!environments.includes(String(item)))
        return {
          path: ['immutableImageEnvironments', i],
          message: unknownValue('environment', String(item), environments),
        };
    }
  }
  const severity = value.severity;
  if (!isObj(severity)) return undefined;
  for (const [rule, perEnv] of Object.entries(severity)) {
    if (!known.rules.includes(rule))
      return {
        path: ['severity', rule],
        message: unknownValue('rule id', rule, known.rules, 'a rule id that npm run validate -- --list-rules prints'),
      };
    if (!isObj(perEnv) || knownEnvironments === undefined) continue;
    for (const name of Object.keys(perEnv))
      if (!knownEnvironments.includes(name))
        return {
          path: ['severity', rule, name],
          message: unknownValue(`environment in severity.${rule}`, name, knownEnvironments),
        };
  }
  return undefined;
}

/**
 * A typo in policy.yaml must not be a silent no-op: every rule id and environment it names must
 * exist. Throws a ToolError naming the file, the line and the nearest valid value. The names are
 * checked on the value (the caller's, or read from the text by the fast reader, else `yaml`); the
 * text is parsed with positions only to give the line of the one to report.
 */
export function checkPolicyNames(
  source: string | (() => string),
  file: string,
  known: { rules: readonly string[]; environments: readonly string[] | undefined },
  value?: unknown,
): void {
  const textOf = (): string => (typeof source === 'string' ? source : source());
  const unknown = firstUnknownName(value ?? firstYamlValue(textOf()), known);
  if (!unknown) return;
  const text = textOf();
  const lineCounter = new LineCounter();
  const line = lineInDoc(parseDocument(text, { lineCounter }), lineCounter, unknown.path) ?? 1;
  throw new ToolError(`${file}:${line}: ${unknown.message}`);
}

/** The severity a rule has in an environment under the policy. */
export function severityIn(
  policy: Policy,
  ruleId: string,
  environment: string | undefined,
  fallback: Severity,
): Severity {
  const perEnv = policy.severity[ruleId];
  if (!perEnv) return fallback;
  return (environment !== undefined ? perEnv[environment] : undefined) ?? perEnv.default ?? fallback;
}
