/** The mutation operators of `npm run mutation` (tests/mutation/mutants.ts). */
import { describe, expect, it } from 'vitest';
import { mutantsOf } from './mutation/mutants.js';

const SOURCE = `export function f(xs: number[], a: boolean): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] === 0 && !a) continue;
    n += xs[i] > 1 ? 1 : 0;
  }
  while (n > 100) n--;
  if (n >= 3) return n;
  return a || false ? 1 : 2;
}
`;

describe('mutantsOf', () => {
  const mutants = mutantsOf('f.ts', SOURCE);
  const shown = mutants.map((m) => `${m.line}:${m.column} ${m.operator} ${m.from} -> ${m.to}`);

  it('breaks each condition once per operator, and leaves loop conditions alone', () => {
    expect(shown).toEqual([
      '4:9 negate if xs[i] === 0 && !a -> !(xs[i] === 0 && !a)',
      '4:21 && -> || && -> ||',
      '4:15 === -> !== === -> !==',
      '4:24 drop ! !a -> (a)',
      '4:28 remove continue continue; -> ;',
      '5:10 negate ?: xs[i] > 1 -> !(xs[i] > 1)',
      '5:16 > -> <= > -> <=',
      '8:7 negate if n >= 3 -> !(n >= 3)',
      '8:9 >= -> < >= -> <',
      '8:15 remove early return return n; -> ;',
      '9:10 negate ?: a || false -> !(a || false)',
      '9:12 || -> && || -> &&',
      '9:15 false -> true false -> true',
    ]);
  });

  it('each mutant is one edit of the source', () => {
    for (const m of mutants) {
      expect(SOURCE.slice(m.start, m.end)).toBe(m.from);
      expect(m.to).not.toBe(m.from);
    }
  });
});
