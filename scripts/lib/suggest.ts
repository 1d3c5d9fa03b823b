/**
 * "Did you mean": the one algorithm every suggestion in the project uses (unknown fields of built-in
 * kinds and of CRDs, Argo CD options, CLI values, policy values). Pure.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * adjacent characters each count one edit (a swap is the commonest typo: "spce").
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * cols + j] = v;
    }
  }
  return at(a.length, b.length);
}

/** How many edits still look like a typo of a name this long: 1 up to 4 characters, 2 up to 10, then 3. */
function typoLimit(length: number): number {
  return length <= 4 ? 1 : length <= 10 ? 2 : 3;
}

/**
 * The candidate closest to `value` by case-insensitive edit distance (editDistance), if it is close
 * enough to be a typo of it; the first of equally close candidates.
 */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  const limit = typoLimit(value.length);
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - value.length) > limit) continue; // cannot be within the limit
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
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
