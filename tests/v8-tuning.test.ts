/**
 * The tier-up budget every command runs with (scripts/lib/v8-tuning.ts), observed through V8's own
 * decisions (`--trace-opt` prints each function it marks for optimization), never through time: a
 * small hot function called 100 times is marked at V8's default budget (it is marked after about
 * 25 calls) and not at sixteen times that (about 300).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { budgetFromCommandLine, INTERRUPT_BUDGET, V8_DEFAULT_INTERRUPT_BUDGET } from '../scripts/lib/v8-tuning.js';
import { ROOT } from './helpers.js';

const HOT = `
function hotSpot(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
let t = 0;
for (let k = 0; k < 100; k++) t += hotSpot(100);
console.log(t);`;

/** How often V8 marked hotSpot for optimization in a process that first imports `modules` (built files). */
async function markings(modules: readonly string[], flags: readonly string[] = []): Promise<number> {
  const imports = modules.map((m) => `import ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', m)).href)};`);
  const r = await execa(process.execPath, [
    ...flags,
    '--trace-opt',
    '--input-type=module',
    '-e',
    imports.join('') + HOT,
  ]);
  return r.stdout.split('\n').filter((l) => /marking.*hotSpot/.test(l)).length;
}

describe('V8 tier-up budget', () => {
  it('is sixteen times the default, and a budget on the command line is left alone', () => {
    expect(INTERRUPT_BUDGET).toBe(16 * V8_DEFAULT_INTERRUPT_BUDGET);
    expect(budgetFromCommandLine(['--interrupt-budget=1000'])).toBe(true);
    expect(budgetFromCommandLine(['--interrupt_budget', '1000'])).toBe(true);
    expect(budgetFromCommandLine(['--interrupt-budget-for-feedback-allocation=10', '--no-opt'])).toBe(false);
  });

  it('a process without it marks the hot function; one loading the command line module does not', async () => {
    expect(await markings([])).toBeGreaterThan(0);
    expect(await markings(['scripts/lib/cli.js'])).toBe(0);
  });

  it('node --interrupt-budget given by the user still decides', async () => {
    expect(
      await markings(['scripts/lib/cli.js'], [`--interrupt-budget=${V8_DEFAULT_INTERRUPT_BUDGET}`]),
    ).toBeGreaterThan(0);
  });
});
