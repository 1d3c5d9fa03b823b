import type { Rule } from '../../types.js';
import { quotaFits } from './quota-fits.js';
import { quotaHeadroom } from './quota-headroom.js';

/** The capacity rules, in report order. */
export const CAPACITY_RULES: readonly Rule[] = [quotaFits, quotaHeadroom];
