import type { Rule } from '../../types.js';

/** The dr rules (prod/DR parity), in report order. */
export const DR_RULES: readonly Rule[] = [];
