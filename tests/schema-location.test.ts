/** --schema-location with a URL: fetched from a local HTTP server (127.0.0.1 only), cached, typos refused. */
import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, tempDir } from './helpers.js';

const SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: { type: 'object', additionalProperties: false, properties: { size: { type: 'integer' } } },
  },
};

const WIDGET = `apiVersion: widgets.his.test/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
  colour: red
`;

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    // URLs are base (a per-run prefix) + {group}/{kind}_{version}.json
    const url = (req.url ?? '').replace(/^\/\d+/, '');
    requests.push(url);
    if (url === '/widgets.his.test/widget_v1.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(SCHEMA));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A fresh path per run, so the cache (keyed by URL) starts empty.
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${Date.now()}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
});

interface Report {
  findings: { ruleId: string; path: string; line: number; message: string }[];
}

describe('--schema-location URL', () => {
  it('fetches the schema once, validates against it, and reads it from the cache once the server is gone', async () => {
    const dir = await tempDir('zarish-schema-url-');
    await writeFile(path.join(dir, 'widget.yaml'), WIDGET);
    const template = `${base}/{group}/{kind}_{version}.json`;
    const first = await runScript('validate', ['--schema-location', template, '--format', 'json', 'widget.yaml'], {
      cwd: dir,
    });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    const findings = (JSON.parse(first.stdout) as Report).findings;
    expect(findings.map((f) => [f.ruleId, f.path, f.line])).toEqual([['SCH-008', 'spec.colour', 7]]);
    expect(requests.filter((u) => u === '/widgets.his.test/widget_v1.json')).toHaveLength(1);

    await new Promise<void>((resolve) => server.close(() => resolve()));
    const second = await runScript('validate', ['--schema-location', template, '--format', 'json', 'widget.yaml'], {
      cwd: dir,
    });
    expect(second.code).toBe(1);
    expect((JSON.parse(second.stdout) as Report).findings.map((f) => [f.ruleId, f.path, f.line])).toEqual([
      ['SCH-008', 'spec.colour', 7],
    ]);
  }, 180_000);

  it('without the location the kind is unknown (SCH-006), never skipped', async () => {
    const dir = await tempDir('zarish-schema-url-');
    await writeFile(path.join(dir, 'widget.yaml'), WIDGET);
    const r = await runScript('validate', ['--format', 'json', 'widget.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).findings.map((f) => f.ruleId)).toContain('SCH-006');
  }, 120_000);

  it('a mistyped placeholder is a usage error naming the nearest valid one', async () => {
    const dir = await tempDir('zarish-schema-url-');
    await writeFile(path.join(dir, 'widget.yaml'), WIDGET);
    for (const [template, near] of [
      ['http://127.0.0.1:9/{grop}/{kind}_{version}.json', '{group}'],
      ['schemas/{{ .Group }}/{{ .ResourceKnd }}_{{ .ResourceAPIVersion }}.json', '{{ .ResourceKind }}'],
    ] as const) {
      const r = await runScript('validate', ['--schema-location', template, 'widget.yaml'], { cwd: dir });
      expect(r.code, template).toBe(2);
      expect(r.stderr).toContain(`did you mean "${near}"?`);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);
});
