/** The one finding model every check returns and every report format reads. */

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

export interface Waiver {
  readonly reason: string;
  readonly expires?: string | undefined;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** what was found, and what was expected */
  readonly message: string;
  /** repo-relative file: the source manifest when it can be traced, else the rendered file */
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** field path, e.g. spec.template.spec.containers[0].image; empty for the whole document */
  readonly path: string;
  readonly resource?: ResourceRef | undefined;
  /** the deploy target or path argument the finding belongs to */
  readonly unit: string;
  /** set when an annotation waives this finding; waived findings never fail a run */
  readonly waived?: Waiver | undefined;
}

/** A field path as the yaml package and our walkers use it. */
export type FieldPath = readonly (string | number)[];

/** spec.containers[0].image — keys with dots or slashes are quoted: metadata.annotations["a/b"]. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export interface Summary {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly waived: number;
  readonly resources: number;
  readonly units: number;
}

export function summarise(findings: readonly Finding[], resources: number, units: number): Summary {
  const count = (s: Severity): number => findings.filter((f) => !f.waived && f.severity === s).length;
  return {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    waived: findings.filter((f) => f.waived).length,
    resources,
    units,
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: unit, file, line, rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.unit.localeCompare(b.unit) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}
