import type { Finding, ResourceRef, Summary } from '../findings.js';
import type { RuleMeta } from '../rules/types.js';

/** A format's name, as --format and --report take it (the formats are those in ./formats/). */
export type ReportFormat = string;

/** One output format of validate: a module in scripts/lib/report/formats/ exporting `format`. */
export interface ReportFormatDef {
  readonly name: string;
  /** one line for --help */
  readonly description: string;
  /** position in --help and error messages (lowest first); then by name */
  readonly order?: number;
  render(input: ReportInput): string;
}

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
  /** for pretty: also list waived and/or info findings (else counted in one line) */
  readonly show?: readonly ('waived' | 'info')[] | undefined;
}

export function resourceLabel(ref: ResourceRef | undefined): string {
  if (!ref) return '(file)';
  return `${ref.kind}${ref.namespace ? ` ${ref.namespace}/` : ' '}${ref.name ?? '<unnamed>'}`;
}
