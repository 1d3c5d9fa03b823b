import { existsSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from './errors.js';
import { SEVERITIES, type Severity } from './findings.js';
import { readYamlObject } from './yaml-file.js';

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

const EXPECTED = 'allowedRegistries (list of prefixes), immutableImageEnvironments (list), severity (rule -> environment -> error|warning|info), allowRemoteBases (true|false)';

export function parsePolicy(object: Record<string, unknown>, file: string): Policy {
  const fail = (what: string): never => {
    throw new ToolError(`${file}: ${what} (expected ${EXPECTED})`);
  };
  const list = (key: string, fallback: readonly string[]): readonly string[] => {
    const value = object[key];
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return fail(`${key} must be a list of strings`);
    return value as string[];
  };
  const severity: Record<string, Record<string, Severity>> = {};
  const raw = object.severity ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('severity must be a mapping');
  for (const [rule, perEnv] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof perEnv !== 'object' || perEnv === null || Array.isArray(perEnv)) fail(`severity.${rule} must map environments to severities`);
    for (const [env, sev] of Object.entries(perEnv as Record<string, unknown>)) {
      if (!SEVERITIES.includes(sev as Severity)) fail(`severity.${rule}.${env} is ${JSON.stringify(sev)}, not error, warning or info`);
    }
    severity[rule] = perEnv as Record<string, Severity>;
  }
  for (const key of Object.keys(object)) if (!['allowedRegistries', 'immutableImageEnvironments', 'severity', 'allowRemoteBases'].includes(key)) fail(`unknown key "${key}"`);
  const allowRemoteBases = object.allowRemoteBases ?? false;
  if (typeof allowRemoteBases !== 'boolean') fail('allowRemoteBases must be true or false');
  return { allowedRegistries: list('allowedRegistries', DEFAULT_POLICY.allowedRegistries), immutableImageEnvironments: list('immutableImageEnvironments', DEFAULT_POLICY.immutableImageEnvironments), severity, allowRemoteBases: allowRemoteBases as boolean };
}

export async function loadPolicy(root: string): Promise<Policy> {
  const file = path.join(root, POLICY_FILE);
  if (!existsSync(file)) return DEFAULT_POLICY;
  return parsePolicy(await readYamlObject(file, EXPECTED), POLICY_FILE);
}

/** The severity a rule has in an environment under the policy. */
export function severityIn(policy: Policy, ruleId: string, environment: string | undefined, fallback: Severity): Severity {
  const perEnv = policy.severity[ruleId];
  if (!perEnv) return fallback;
  return (environment !== undefined ? perEnv[environment] : undefined) ?? perEnv.default ?? fallback;
}
