/**
 * Every rule of the project: validate's (scripts/lib/validate/registry.ts: per unit, per run, engine-
 * and server-raised) and diff's (scripts/lib/diff/check.ts), each found in its rules directory by
 * scripts/lib/rules/discover.ts. Each command loads only its own rules; this module loads both.
 */
import { DIFF_RULES } from '../diff/check.js';
import { RULES } from '../validate/registry.js';
import type { Rule } from './types.js';

export { DIFF_RULES };

/** validate's rules, in report order. */
export const VALIDATE_RULES: readonly Rule[] = RULES;

/** Every rule: validate's, then diff's. */
export const ALL_RULES: readonly Rule[] = [...RULES, ...DIFF_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
