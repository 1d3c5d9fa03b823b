/** A unified diff of two texts (for --dry-run), from a line-level longest common subsequence. Pure. */

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  // Trim the common head and tail first: edits are small, files short.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--)
      row[j] = x[i] === y[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ kind: ' ', line: x[i++] as string });
      j++;
    } else if (
      j < m &&
      (i >= n || ((lcs[i] as number[])[j + 1] as number) >= ((lcs[i + 1] as number[])[j] as number))
    ) {
      ops.push({ kind: '+', line: y[j++] as string });
    } else {
      ops.push({ kind: '-', line: x[i++] as string });
    }
  }
  ops.push(...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })));
  // Within each changed run, show removals before additions, as diff(1) does.
  const out: Op[] = [];
  for (let k = 0; k < ops.length; ) {
    if ((ops[k] as Op).kind === ' ') {
      out.push(ops[k++] as Op);
      continue;
    }
    const run: Op[] = [];
    while (k < ops.length && (ops[k] as Op).kind !== ' ') run.push(ops[k++] as Op);
    out.push(...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+'));
  }
  return out;
}

/** `--- a/<file>` / `+++ b/<file>` and @@ hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === after) return '';
  const ops = diffOps(splitLines(before), splitLines(after));
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(ops.length, i + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const lines = [`--- ${before === '' ? '/dev/null' : `a/${file}`}`, `+++ b/${file}`];
  for (const [start, end] of hunks) {
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < start; k++) {
      const kind = (ops[k] as Op).kind;
      if (kind !== '+') oldLine++;
      if (kind !== '-') newLine++;
    }
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    lines.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +` +
        `${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
    );
    for (const o of slice) lines.push(`${o.kind}${o.line}`);
  }
  return `${lines.join('\n')}\n`;
}
