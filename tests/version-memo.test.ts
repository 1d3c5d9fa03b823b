import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberedVersion } from '../scripts/lib/version-memo.js';

let dir: string;
const saved = process.env.ZARISH_RENDER_CACHE;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zarish-version-memo-'));
  process.env.ZARISH_RENDER_CACHE = path.join(dir, 'render');
});
afterAll(() => {
  if (saved === undefined) delete process.env.ZARISH_RENDER_CACHE;
  else process.env.ZARISH_RENDER_CACHE = saved;
  rmSync(dir, { recursive: true, force: true });
});

function binary(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho ${text}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('remembered tool versions', () => {
  it('asks a binary once; asks again when it is replaced, rewritten or touched', async () => {
    const file = binary('kustomize', 'v5.8.1');
    let asked = 0;
    const ask = async (answer: string) => {
      asked++;
      return answer;
    };
    expect(await rememberedVersion(file, () => ask('v5.8.1'))).toBe('v5.8.1');
    expect(await rememberedVersion(file, () => ask('never'))).toBe('v5.8.1');
    expect(asked).toBe(1);
    // a rebuilt binary in the same place
    binary('kustomize', 'v5.8.10');
    expect(await rememberedVersion(file, () => ask('v5.8.2'))).toBe('v5.8.2');
    expect(asked).toBe(2);
    // only its metadata changed (chmod to the same mode): the change time alone differs
    const before = statSync(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    chmodSync(file, before.mode);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ctimeMs).not.toBe(before.ctimeMs);
    expect(await rememberedVersion(file, () => ask('v5.8.2'))).toBe('v5.8.2');
    expect(asked).toBe(3);
  });

  it('a command named without a path, or a failing question, is never remembered', async () => {
    let asked = 0;
    const ask = async () => {
      asked++;
      return 'v1.0.0';
    };
    await rememberedVersion('kustomize', ask);
    await rememberedVersion('kustomize', ask);
    expect(asked).toBe(2);
    const file = binary('broken', 'x');
    await expect(
      rememberedVersion(file, async () => {
        throw new Error('did not run');
      }),
    ).rejects.toThrow('did not run');
    expect(await rememberedVersion(file, async () => 'v2.0.0')).toBe('v2.0.0');
  });
});
