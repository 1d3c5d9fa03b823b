import type { Finding, ResourceRef, Summary } from '../findings.js';
import type { RuleMeta } from '../rules/types.js';

export type ReportFormat = 'pretty' | 'json' | 'junit' | 'sarif' | 'github' | 'codequality';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pretty', 'json', 'junit', 'sarif', 'github', 'codequality'];

/** What a report says about a rule: its metadata (scripts/lib/rules/types.ts); a Rule is one. */
export type RuleInfo = Pick<RuleMeta, 'id' | 'name' | 'severity' | 'description'> &
  Partial<Pick<RuleMeta, 'group' | 'scope' | 'remediation'>>;

export interface UnitInfo {
  readonly name: string;
  readonly resources: readonly ResourceRef[];
}

/** Everything a report needs; every format reads the same model. */
export interface ReportInput {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly rules: readonly RuleInfo[];
  readonly units: readonly UnitInfo[];
  /** for pretty: use ANSI colours */
  readonly color?: boolean | undefined;
}

export function resourceLabel(ref: ResourceRef | undefined): string {
  if (!ref) return '(file)';
  return `${ref.kind}${ref.namespace ? ` ${ref.namespace}/` : ' '}${ref.name ?? '<unnamed>'}`;
}
