import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitRendered } from '../scripts/lib/render.js';
import type { Target } from '../scripts/lib/targets.js';
import { valuesKey } from '../scripts/lib/values-cache.js';

const target = { name: 't', path: 'overlays/t', cluster: 'c', environment: 'dev' } as unknown as Target;

const OUTPUT = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  x: "1"
  y: true
---
# a comment before the document
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: c
        image: nginx:1.27
        ports:
        - containerPort: 8080
`;

let cacheDir: string;
const saved = process.env.ZARISH_RENDER_CACHE;
beforeAll(() => {
  cacheDir = path.join(mkdtempSync(path.join(tmpdir(), 'zarish-values-')), 'render');
  process.env.ZARISH_RENDER_CACHE = cacheDir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.ZARISH_RENDER_CACHE;
  else process.env.ZARISH_RENDER_CACHE = saved;
  rmSync(path.dirname(cacheDir), { recursive: true, force: true });
});

const view = (text: string, cache: boolean) =>
  splitRendered(target, 'rendered/t.yaml', text, undefined, cache).resources.map((r) => ({
    object: r.object,
    line: r.line,
    image: r.lineOf(['spec', 'template', 'spec', 'containers', 0, 'image']),
    port: r.lineOf(['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']),
    name: r.lineOf(['metadata', 'name']),
  }));

describe('cached values of kustomize outputs', () => {
  it('a second read comes from the cache and gives the same values and lines as the YAML', () => {
    const direct = view(OUTPUT, false);
    expect(direct[1]?.image).toBe(20);
    expect(existsSync(`${cacheDir}-values/${valuesKey(OUTPUT)}.json`)).toBe(false);
    expect(view(OUTPUT, true)).toEqual(direct);
    const cached = `${cacheDir}-values/${valuesKey(OUTPUT)}.json`;
    expect(existsSync(cached)).toBe(true);
    expect(view(OUTPUT, true)).toEqual(direct);
    // the values are read from that file: a value changed there is what the next read gives
    writeFileSync(cached, readFileSync(cached, 'utf8').replace('"replicas":2', '"replicas":99'));
    const [, deployment] = view(OUTPUT, true);
    expect((deployment?.object.spec as { replicas: number } | undefined)?.replicas).toBe(99);
    rmSync(cached);
  });

  it('is keyed by the text: another output is never answered from it', () => {
    const other = OUTPUT.replace('replicas: 2', 'replicas: 3');
    view(OUTPUT, true);
    const [, deployment] = view(other, true);
    expect((deployment?.object.spec as { replicas: number } | undefined)?.replicas).toBe(3);
  });

  it('values JSON would change (.inf, -0) and documents only the full parser reads are not cached', () => {
    const before = readdirSync(`${cacheDir}-values`).length;
    const infinite = `${OUTPUT}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: z\ndata2:\n  n: .inf\n`;
    const negative = `${OUTPUT}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: z\ndata2:\n  n: -0.0\n`;
    const anchored = `${OUTPUT}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n z\ndata:\n  k: *n\n`;
    for (const text of [infinite, negative, anchored]) {
      const direct = view(text, false);
      expect(view(text, true)).toEqual(direct);
      expect(existsSync(`${cacheDir}-values/${valuesKey(text)}.json`)).toBe(false);
    }
    expect(readdirSync(`${cacheDir}-values`).length).toBe(before);
    const [, , z] = view(infinite, true);
    expect((z?.object.data2 as { n: number } | undefined)?.n).toBe(Number.POSITIVE_INFINITY);
  });
});
