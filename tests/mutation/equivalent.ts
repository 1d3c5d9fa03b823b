/**
 * Mutants that cannot be killed because they do not change behaviour, keyed as the mutation run
 * prints them ("<module>:<line>:<column> <operator>"), each with the reason. Not counted in the score.
 */
export const EQUIVALENT: Readonly<Record<string, string>> = {};
