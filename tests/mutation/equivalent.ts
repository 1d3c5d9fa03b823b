/**
 * Mutants that cannot be killed because they do not change behaviour, keyed as the mutation run
 * prints them ("<module>:<line>:<column> <operator>"), each with the reason. Not counted in the score.
 */
const GUARD =
  '`x !== undefined && x !== null` turned into `||` is always true; the body then reads an empty ' +
  'object (asObj), which has no fields to report: same findings';

export const EQUIVALENT: Readonly<Record<string, string>> = {
  'scripts/lib/validate/rules/argocd/sync-policy.ts:80:32 && -> ||': GUARD,
  'scripts/lib/validate/rules/argocd/sync-policy.ts:117:32 && -> ||': GUARD,
  'scripts/lib/validate/rules/argocd/sync-policy.ts:128:39 && -> ||': GUARD,
};
