import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Code the project writes (data — manifests, schemas, fixtures, JSON, Markdown — is exempt). */
const CODE = /(\.(ts|mjs|js|sh|go)|^\.ci\/run)$/;
const MAX = 120;

/** "file:line (N columns)" for every line longer than `max`. */
function longLines(file: string, text: string, max = MAX): string[] {
  return text
    .split('\n')
    .flatMap((line, i) => (line.length > max ? [`${file}:${i + 1} (${line.length} columns)`] : []));
}

describe('line length', () => {
  it('flags a line over 120 columns and nothing else', () => {
    const text = `${'x'.repeat(120)}\n${'y'.repeat(121)}\nshort`;
    expect(longLines('a.ts', text)).toEqual(['a.ts:2 (121 columns)']);
  });

  it('no line of code is over 120 columns', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => CODE.test(f) && !f.startsWith('tests/fixtures/'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => longLines(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
