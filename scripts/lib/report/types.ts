import type { Finding, ResourceRef, Severity, Summary } from '../findings.js';

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

export interface RuleInfo {
  readonly id: string;
  readonly name: string;
  readonly severity: Severity;
  readonly description: string;
  /** the rule group (schema, security, ...): the JUnit testsuite */
  readonly group?: string | undefined;
}

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
