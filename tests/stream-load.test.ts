/**
 * Path arguments read in parts (scripts/lib/model/stream-load.ts, Checker.streamed): the same
 * reports, in every format, as the whole-file path, and memory that does not grow with the values
 * of the documents.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportFormats } from '../scripts/lib/report/index.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { validate, type ValidateRequest } from '../scripts/lib/validate/run.js';
import type { RuleGroup } from '../scripts/lib/validate/types.js';
import { builtScript, ROOT, tempDir } from './helpers.js';

async function manifests(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await manifests(full)));
    else if (/\.ya?ml$/.test(entry.name) && entry.name !== 'kustomization.yaml') out.push(await readFile(full, 'utf8'));
  }
  return out;
}

/** Every report format of a run, as validate prints them. */
/** The units whose resources were read in parts (they keep no value: StreamedResource), by base name. */
let readInParts: string[] = [];

async function reports(request: Omit<ValidateRequest, 'root'>): Promise<Record<string, string>> {
  const result = await validate({ ...request, root: ROOT, now: new Date('2026-06-01T00:00:00Z') });
  readInParts = result.units
    .filter((u) => u.resources.length > 0 && u.resources.every((r) => r.constructor.name === 'StreamedResource'))
    .map((u) => path.basename(u.name));
  const out: Record<string, string> = {};
  for (const format of await reportFormats())
    out[format.name] = format.render({
      findings: result.findings,
      summary: result.summary,
      rules: RULES.filter((r) => result.rules.includes(r) || result.findings.some((f) => f.ruleId === r.id)),
      units: result.units.map((u) => ({ name: u.name, resources: u.resources.map((r) => r.ref) })),
      show: ['waived', 'info'],
      color: false,
    });
  return out;
}

let dir: string;
let paths: string[];

beforeAll(async () => {
  dir = await tempDir('zarish-stream-');
  const docs = (await manifests(path.join(ROOT, 'base'))).flatMap((t) => t.split(/^---\n/m)).filter((d) => d.trim());
  const parts: string[] = [
    // a Namespace whose Pod Security level decides the severity of a pod's finding much later in the stream
    '# a comment before the first document\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: enforced\n' +
      '  labels: {pod-security.kubernetes.io/enforce: restricted}\n',
  ];
  // The repo's manifests three times with unique names, non-ASCII text (byte offsets differ from
  // character offsets), and the unusual documents between them.
  for (let round = 0; round < 3; round++)
    docs.forEach((doc, i) => {
      parts.push(
        doc.replace(/^ {2}name: (.*)$/m, (_m, name: string) => `  name: ${name}-${round}\n  # café ☕ ${round}/${i}`),
      );
      if (round === 1 && i === 5) parts.push(doc, doc); // the same document twice: SCH-014 (and once more)
      if (round === 1 && i === 9) parts.push('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n'); // syntax
      if (round === 1 && i === 12)
        parts.push(
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchored\n  labels: &l {app: anchored}\n' +
            '  annotations: *l\ndata:\n  a: "1"\n',
        );
      if (round === 2 && i === 3)
        parts.push(
          'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: l1}\n' +
            '- apiVersion: v1\n  kind: Secret\n  metadata: {name: l2}\n  stringData: {password: hunter2}\n- 7\n',
        );
      if (round === 2 && i === 4)
        parts.push('', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\nmetadata: {}\n');
      if (round === 2 && i === 6) parts.push('apiVersion: v1\nmetadata: {name: no-kind}\n');
      if (round === 2 && i === 7)
        // larger than a read (64 KiB): crosses chunks
        parts.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  big: "${'é'.repeat(70_000)}"\n`);
    });
  // a finding deep in the file, and waivers (one kept, one expired)
  parts.push(
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deep\n  annotations:\n' +
      '    waive.his.zarishsphere.com/SCH-014: "known [expires=2099-01-01]"\n' +
      '    waive.his.zarishsphere.com/SCH-010: "old [expires=2020-01-01]"\nspec:\n  replicass: 2\n' +
      '  selector: {matchLabels: {app: deep}}\n  template:\n    metadata: {labels: {app: deep}}\n' +
      '    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n' +
      '        ports: [{containerPort: "80"}]\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deep\n  annotations:\n' +
      '    waive.his.zarishsphere.com/SCH-014: "known [expires=2099-01-01]"\nspec: {}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: privileged, namespace: enforced}\nspec:\n  containers:\n' +
      '  - name: c\n    image: nginx:1.27\n    securityContext: {privileged: true}\n',
  );
  await mkdir(path.join(dir, 'tree'));
  await writeFile(path.join(dir, 'tree', 'a.yaml'), parts.join('---\n'));
  // a second file of the same unit: a BOM, a resource that a.yaml also defines
  await writeFile(
    path.join(dir, 'tree', 'b.yaml'),
    `\uFEFF${docs[0]?.replace(/^ {2}name: (.*)$/m, (_m, n: string) => `  name: ${n}-0\n  # café ☕ 0/0`)}`,
  );
  // files the whole-file reader takes: a directive, and bytes that are not UTF-8
  await writeFile(path.join(dir, 'directive.yaml'), '%YAML 1.2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
  await writeFile(path.join(dir, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: ConfigMap # caf\xe9\n', 'latin1'));
  paths = [
    path.join(dir, 'tree'),
    path.join(dir, 'directive.yaml'),
    path.join(dir, 'latin1.yaml'),
    path.join(dir, 'tree', 'a.yaml'),
  ];
}, 60_000);

describe('path arguments read in parts', () => {
  it('--only schema: reports in every format identical to the whole-file path, whatever the part size', async () => {
    const groups = new Set<RuleGroup>(['schema']);
    const whole = await reports({ paths, groups, streaming: 'off' });
    const findings = JSON.parse(whole.json as string).findings as { ruleId: string; line: number }[];
    // the fixture has what it should: duplicates, a syntax error, duplicate keys, no kind, a late finding, waivers
    for (const id of ['SCH-001', 'SCH-002', 'SCH-003', 'SCH-014', 'WVR-001', 'INP-001'])
      expect(findings.map((f) => f.ruleId)).toContain(id);
    expect(Math.max(...findings.map((f) => f.line))).toBeGreaterThan(1000);
    expect(readInParts).toEqual([]);
    // the same reports when the files are read in parts (all but the two the whole-file reader takes)
    const inParts = ['tree', 'a.yaml'];
    expect(await reports({ paths, groups })).toEqual(whole);
    expect(readInParts).toEqual(inParts);
    expect(await reports({ paths, groups, streaming: 'force', partSize: 1 })).toEqual(whole);
    expect(readInParts).toEqual(inParts);
    expect(await reports({ paths, groups, streaming: 'force', partSize: 7 })).toEqual(whole);
    expect(readInParts).toEqual(inParts);
  }, 120_000);

  it('every rule group: the same reports in parts (checks that need the values read them again)', async () => {
    const whole = await reports({ paths, streaming: 'off' });
    expect(await reports({ paths, streaming: 'force', partSize: 5 })).toEqual(whole);
    expect(readInParts).toEqual(['tree', 'a.yaml']);
  }, 300_000);
});

describe('memory of a path argument read in parts', () => {
  /** N ConfigMaps of 300 keys each: their values take about 30 MB per 1,000 documents. */
  async function stream(n: number): Promise<string> {
    const file = path.join(dir, `configmaps-${n}.yaml`);
    const data = Array.from({ length: 300 }, (_, k) => `  key-${k}: value-${k}-of-this-configmap`).join('\n');
    const docs = Array.from(
      { length: n },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ns\ndata:\n${data}\n`,
    );
    await writeFile(file, docs.join('---\n'));
    return file;
  }

  const run = (file: string, only: string) =>
    execa(
      process.execPath,
      ['--max-old-space-size=96', builtScript('validate'), file, '--only', only, '--format', 'json'],
      { reject: false, env: { ...process.env, NO_COLOR: '1' } },
    );

  it('--only schema: 1,000 and 4,000 documents under a 96 MiB heap, which keeping every value overflows', async () => {
    const small = await stream(1000);
    const large = await stream(4000);
    for (const file of [small, large]) {
      const result = await run(file, 'schema');
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).summary.resources).toBe(file === small ? 1000 : 4000);
    }
    // The security group's Pod Security rules need every value of the unit: the whole-file path,
    // which runs out of that heap on the larger stream.
    const kept = await run(large, 'schema,security');
    expect(kept.exitCode).not.toBe(0);
    expect(kept.exitCode).not.toBe(1);
  }, 300_000);
});
