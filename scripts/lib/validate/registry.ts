import path from 'node:path';
import { discoverRules, here } from '../rules/discover.js';
import { isDiffRule } from '../rules/types.js';
import type { Rule } from './types.js';

/**
 * Every check validate runs, in report order, found in scripts/lib/validate/rules/ (a new check is
 * one module there; no list to edit). scripts/lib/rules/registry.ts adds diff's rules for ALL_RULES.
 */
export const RULES: readonly Rule[] = (await discoverRules(path.join(here(import.meta.url), 'rules'))).filter(
  (r) => !isDiffRule(r),
);
