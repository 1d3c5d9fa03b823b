/** `npm run parity -- prod dr`: render both, compare, report. */
import { UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import { loadPolicy } from '../policy.js';
import { renderEnvironments } from '../model/units.js';
import { loadParityAllowList } from './allowlist.js';
import { parityOverUnits } from './parity.js';

export interface ParityOutcome {
  readonly findings: readonly Finding[];
  readonly lines: string[];
  /** which kustomize rendered, and a warning when it is not the one Argo CD bundles */
  readonly notes: readonly string[];
}

export async function runParity(root: string, positionals: readonly string[]): Promise<ParityOutcome> {
  if (positionals.length !== 2 || positionals[0] !== 'prod' || positionals[1] !== 'dr') {
    throw new UsageError(`expected "prod dr" (the only pair with a parity contract; got "${positionals.join(' ')}")`);
  }
  const [allowList, policy, rendered] = await Promise.all([
    loadParityAllowList(root),
    loadPolicy(root),
    renderEnvironments(root, ['prod', 'dr']),
  ]);
  const findings = parityOverUnits(rendered.units, allowList, policy);
  const lines = findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.ruleId} ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(
    findings.length === 0
      ? `OK: dr equals prod except for the ${allowList.allow.length} allowances of ${allowList.file}`
      : `${errors > 0 ? 'FAILED' : 'OK'}: ${findings.length} difference(s) ` +
          `between prod and dr not in ${allowList.file}`,
  );
  return { findings, lines, notes: rendered.notes };
}
