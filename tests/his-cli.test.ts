/** The `his` entry point (package.json bin), its shell completion, and FORCE_COLOR / NO_COLOR. */
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { wantColor } from '../scripts/lib/color.js';
import { ROOT } from './helpers.js';

const HIS = path.join(ROOT, 'bin/his.mjs');
const his = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [HIS, ...args], { cwd: ROOT, reject: false, env: { ...env } });
const ESC = '\u001b[';

describe('his', () => {
  it('dispatches to the npm scripts, with their exit codes', async () => {
    const help = await his(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Commands: render, validate, .*new-service/);
    const rules = await his(['validate', '--list-rules']);
    expect(rules.exitCode).toBe(0);
    expect(rules.stdout).toContain('REL-05');
    const unknown = await his(['valdiate']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const usage = await his(['bump', 'patient-registry']);
    expect(usage.exitCode).toBe(2);
  }, 120_000);

  it('prints bash and zsh completion scripts that the shells parse', async () => {
    for (const shell of ['bash', 'zsh'] as const) {
      const r = await his(['completion', shell]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('new-service');
      const available = await execa('sh', ['-c', `command -v ${shell}`], { reject: false });
      if (available.exitCode === 0)
        expect((await execa(shell, ['-n'], { input: r.stdout, reject: false })).exitCode, shell).toBe(0);
    }
    expect((await his(['completion', 'fish'])).exitCode).toBe(2);
  }, 60_000);

  it('colours the pretty report with FORCE_COLOR, never with NO_COLOR, and not when piped', async () => {
    const file = 'tests/fixtures/rules/SEC-H-04-image-policy/fail.yaml';
    const forced = await his(['validate', file], { FORCE_COLOR: '1' });
    expect(forced.exitCode).toBe(1);
    expect(forced.stdout).toContain(ESC);
    const plain = await his(['validate', file], { NO_COLOR: '1' });
    expect(plain.stdout).not.toContain(ESC);
    const piped = await his(['validate', file]);
    expect(piped.stdout).not.toContain(ESC);
  }, 120_000);

  it('wantColor: FORCE_COLOR wins, NO_COLOR (non-empty) forbids, else a terminal decides', () => {
    expect(wantColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(true);
    expect(wantColor({ isTTY: true }, { FORCE_COLOR: '0', NO_COLOR: '1' })).toBe(false);
    expect(wantColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantColor({ isTTY: false }, {})).toBe(false);
  });
});
