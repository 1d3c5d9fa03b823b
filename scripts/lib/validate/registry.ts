import { VALIDATE_RULES } from '../rules/registry.js';
import type { Rule } from './types.js';

/**
 * Every check validate runs, in report order. The registry (scripts/lib/rules/registry.ts) finds
 * them in scripts/lib/validate/rules/: a new check is one module there.
 */
export const RULES: readonly Rule[] = VALIDATE_RULES;

export { ALL_RULES, ruleById } from '../rules/registry.js';
