/**
 * The fast loader (scripts/lib/yaml-stream.ts, model/fast-load.ts) against the full `yaml`
 * parser it replaces: same values, same findings, same lines, on every YAML file of the repo and
 * its fixtures and on the scalar forms where YAML schemas differ.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseManifestsFast } from '../scripts/lib/model/fast-load.js';
import { parseManifests } from '../scripts/lib/model/load.js';
import type { Resource } from '../scripts/lib/validate/types.js';
import { fastValue, hasAnchorOrAlias, segments } from '../scripts/lib/yaml-stream.js';
import { ROOT } from './helpers.js';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** Every field path of an object (leaves and containers), for comparing locations. */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value))
    value.forEach((v, i) => {
      paths(v, [...prefix, i], out);
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

const view = (r: Resource, all: boolean) => ({
  object: r.object,
  ref: r.ref,
  index: r.index,
  location: r.location,
  lines: (all ? paths(r.object) : paths(r.object).slice(0, 40)).map((p) => r.locate(p).line),
});

const FILES = [
  ...yamlFiles(path.join(ROOT, 'tests/fixtures')),
  ...yamlFiles(path.join(ROOT, 'base')),
  ...yamlFiles(path.join(ROOT, 'overlays')),
  ...yamlFiles(path.join(ROOT, 'argocd')),
];

describe('fast YAML loading', () => {
  it('finds the documents of a stream at its --- lines only', () => {
    const text = '# lead\na: 1\n---\nb: |\n  ---\n  x\n--- # c\nc: 2\n---\n';
    expect([...segments(text)].map((s) => [s.startLine, s.text])).toEqual([
      [1, '# lead\na: 1\n'],
      [3, '---\nb: |\n  ---\n  x\n'],
      [7, '--- # c\nc: 2\n'],
      [9, '---\n'],
    ]);
  });

  it('resolves scalars exactly as the yaml package (YAML 1.2 core) does', () => {
    const scalars = [
      '~',
      'null',
      'Null',
      'NULL',
      '',
      'true',
      'True',
      'FALSE',
      'yes',
      'no',
      'on',
      'off',
      'y',
      '0',
      '-0',
      '+12',
      '017',
      '0o17',
      '0o8',
      '0x1F',
      '0b101',
      '1_000',
      '1.0',
      '1.50',
      '.5',
      '-.5',
      '1e3',
      '1.2E-3',
      '+.inf',
      '-.Inf',
      '.NaN',
      '.nan',
      '2024-01-01',
      '2001-12-14t21:59:43.10-05:00',
      '1:20',
      '0777',
      '12e',
      '0x',
      '"5"',
      "'true'",
      '!!str 5',
      '!!int "7"',
      '!!float 1',
      '= ',
      '<<',
    ];
    for (const s of scalars) {
      const text = `a: ${s}\nlist: [${s || '""'}]\n`;
      const expected = parseAllDocuments(text)[0]?.toJS();
      const fast = fastValue(text);
      // the fast path either reads it exactly the same, or leaves it to the full parser
      if (fast) expect(fast.value, `scalar ${s}`).toEqual(expected);
    }
    expect(fastValue('a: 017\nb: 0o17\nc: 1.50\nd: yes\ne:\n')).toEqual({
      value: { a: 17, b: 15, c: 1.5, d: 'yes', e: null },
    });
  });

  it('leaves anchors, aliases, duplicate keys, unknown tags and broken YAML to the full parser', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: 1\na: 2\n',
      'a: !custom 1\n',
      'a: [1, 2\n',
      '? [a, b]\n: 1\n',
      '~: 1\n',
      'a:\n\t- 1\n',
    ])
      expect(fastValue(text), text).toBe(false);
  });

  it('reads a * or & in a comment or quoted scalar fast; every anchor and alias goes to the full parser', () => {
    for (const text of [
      'schedule: "0 2 * * *"\n',
      "schedule: '0 0 1 * * *'\n",
      '# The *-version labels pin the policy\na: 1\n',
      'a: 1 # see *b and &c\n',
      'l: ["x *y", \'&z\']\n',
      'a: "say \\" *b"\n',
    ]) {
      expect(hasAnchorOrAlias(text), text).toBe(false);
      expect(fastValue(text), text).toEqual({ value: parseAllDocuments(text)[0]?.toJS() });
    }
    for (const text of [
      'a: &x 1\nb: *x\n',
      'pod: &strimzi-pod\n  a: 1\n',
      'l: [*a, *b]\n',
      '{a: "x", b: *y}\n',
      '- *x\n',
      '"k": *v\n',
      'a: "x" # c\nb: *x\n',
      // not anchors or aliases, but read by the full parser: a * inside a plain scalar, and on the second
      // line of a quoted scalar
      "msg: it's *bold*\n",
      'a: "one\n  *two"\n',
    ]) {
      expect(hasAnchorOrAlias(text), text).toBe(true);
      expect(fastValue(text), text).toBe(false);
    }
  });

  it(`gives the same resources, findings and lines as the full parser on ${FILES.length} YAML files`, () => {
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(ROOT, file);
      const full = parseManifests(text, rel, 'u');
      const fast = parseManifestsFast(text, rel, 'u');
      expect(fast.findings, rel).toEqual(full.findings);
      expect(
        fast.resources.map((r) => view(r, false)),
        rel,
      ).toEqual(full.resources.map((r) => view(r, false)));
    }
  });

  it('locates every field of a multi-document stream as the full parser does (shifted into stream lines)', () => {
    const text = [
      '# stream',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: a',
      'data:',
      '  k: v',
      '---',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Secret',
      '    metadata: {name: s}',
      '--- # third',
      '',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: d',
      '  labels: &l {app: d}',
      'spec:',
      '  selector:',
      '    matchLabels: *l',
      '---',
      'a: 1',
      'a: 2',
      '---',
      '- not a mapping',
      '---',
      'kind: Pod',
      '',
    ].join('\n');
    const full = parseManifests(text, 'f.yaml', 'u');
    const fast = parseManifestsFast(text, 'f.yaml', 'u');
    expect(fast.findings).toEqual(full.findings);
    expect(fast.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['SCH-002', 28],
      ['SCH-001', 30],
      ['SCH-003', 32],
    ]);
    expect(fast.resources.map((r) => view(r, true))).toEqual(full.resources.map((r) => view(r, true)));
    expect(fast.resources.map((r) => r.ref.kind)).toEqual(['ConfigMap', 'Secret', 'Deployment']);
  });
});
