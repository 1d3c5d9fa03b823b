/** "Did you mean": the nearest valid value to a typo, for error messages. Pure. */
import { distance } from 'fastest-levenshtein';

/** The candidate closest to `value` (case-insensitive edit distance), if it is close enough to be a typo. */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A typo changes a few characters; beyond half the word it is another word.
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 2)) ? best : undefined;
}

/** `unknown X "v" (did you mean "w"? expected one of a, b, c)`; `expected` replaces a long list. */
export function unknownValue(
  what: string,
  value: string,
  candidates: readonly string[],
  expected = `one of ${candidates.join(', ')}`,
): string {
  const near = nearest(value, candidates);
  return `unknown ${what} "${value}" (${near !== undefined ? `did you mean "${near}"? ` : ''}expected ${expected})`;
}
