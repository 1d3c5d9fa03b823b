import path from 'node:path';
import type { Finding } from '../findings.js';
import type { RuleInfo } from '../report/types.js';
import { compareIds, discoverRules, here } from '../rules/discover.js';
import { type DiffRule, isDiffRule } from '../rules/types.js';
import type { DiffResult } from './compare.js';

/**
 * Every dangerous-change check, found in scripts/lib/diff/rules/ (a new one is one module there),
 * deletions first (the order reports use), then by id.
 */
export const DIFF_RULES: readonly DiffRule[] = (await discoverRules(path.join(here(import.meta.url), 'rules')))
  .filter(isDiffRule)
  .sort((a, b) => Number(b.deletion) - Number(a.deletion) || compareIds(a.id, b.id));

export const ALLOW_DELETIONS_REASON = 'deletion acknowledged with --allow-deletions';

export function ruleInfos(): RuleInfo[] {
  return [...DIFF_RULES];
}

export function isDeletionFinding(f: Finding): boolean {
  return DIFF_RULES.some((r) => r.deletion && r.id === f.ruleId);
}

/** A finding fails the run when it is an unwaived error. */
export function isBlocking(f: Finding): boolean {
  return f.severity === 'error' && !f.waived;
}

/**
 * Runs every rule over a diff. Deletion findings come first; with `allowDeletions` they are kept
 * (reviewers still see them) but waived, so they no longer fail the run.
 */
export function checkDiff(diff: DiffResult, options: { allowDeletions?: boolean } = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of DIFF_RULES) {
    for (const f of rule.check({ diff })) {
      out.push(
        rule.deletion && options.allowDeletions && f.severity === 'error'
          ? { ...f, waived: { reason: ALLOW_DELETIONS_REASON } }
          : f,
      );
    }
  }
  return out;
}
