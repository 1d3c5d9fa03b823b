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

/** The allowed name closest to a misspelling, if close enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, (prev[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length] ?? 0;
}
