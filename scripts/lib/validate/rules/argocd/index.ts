import type { Rule } from '../../types.js';

/** The argocd rules, in report order. */
export const ARGOCD_RULES: readonly Rule[] = [];
