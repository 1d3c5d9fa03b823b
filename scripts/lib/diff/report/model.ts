import type { Finding } from '../../findings.js';
import type { AppDiff, DiffResult, SideInfo } from '../compare.js';
import { isBlocking, isDeletionFinding } from '../check.js';
import type { DiffValidation } from '../validation.js';

export type DiffFormat = 'pretty' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['pretty', 'markdown', 'json'];

/** The hidden first line of the markdown report: CI finds the comment to update by it. */
export const COMMENT_MARKER = '<!-- zarish-his-diff -->';

export interface DiffSummary {
  readonly applications: {
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
    readonly unchanged: number;
  };
  readonly resources: { readonly added: number; readonly removed: number; readonly changed: number };
  /** unwaived error findings: the run fails */
  readonly blocking: number;
  readonly warnings: number;
  /** deletions acknowledged with --allow-deletions */
  readonly acknowledged: number;
}

/** Everything a diff report needs; every format reads the same model. */
export interface DiffReport {
  readonly diff: DiffResult;
  /** deletion findings first, then the others */
  readonly findings: readonly Finding[];
  readonly summary: DiffSummary;
  /** validate's verdict on the head (diff --validate) */
  readonly validation?: DiffValidation | undefined;
}

export function summariseDiff(diff: DiffResult, findings: readonly Finding[]): DiffSummary {
  const count = (s: AppDiff['status']): number => diff.applications.filter((a) => a.status === s).length;
  const sum = (f: (a: AppDiff) => number): number => diff.applications.reduce((n, a) => n + f(a), 0);
  return {
    applications: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      unchanged: count('unchanged'),
    },
    resources: {
      added: sum((a) => a.added.length),
      removed: sum((a) => a.removed.length),
      changed: sum((a) => a.changed.length),
    },
    blocking: findings.filter(isBlocking).length,
    warnings: findings.filter((f) => !f.waived && f.severity === 'warning').length,
    acknowledged: findings.filter((f) => f.waived).length,
  };
}

export function splitFindings(findings: readonly Finding[]): { deletions: Finding[]; others: Finding[] } {
  return { deletions: findings.filter(isDeletionFinding), others: findings.filter((f) => !isDeletionFinding(f)) };
}

export function sideLabel(side: SideInfo): string {
  return side.commit ? `${side.label} (${side.commit.slice(0, 7)})` : side.label;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function changedApplications(diff: DiffResult): AppDiff[] {
  return diff.applications.filter((a) => a.status !== 'unchanged');
}
