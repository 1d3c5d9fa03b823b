/** The prod/dr parity allow list (overlays/dr/parity-allowlist.yaml): parsing and matching. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../errors.js';
import type { FieldPath } from '../findings.js';
import { readYamlObject } from '../yaml-file.js';

export const ALLOWLIST_FILE = 'overlays/dr/parity-allowlist.yaml';

/** One path segment of a pattern: a key, an index, or a wildcard (any key or index). */
export type PatternSegment = string | number | { readonly any: true };

export interface AllowEntry {
  readonly kind: string;
  /** API group; undefined = any */
  readonly group?: string | undefined;
  /** undefined = any */
  readonly name?: string | undefined;
  readonly paths: readonly (readonly PatternSegment[])[];
  /** the paths as written, for messages */
  readonly pathTexts: readonly string[];
  readonly why: string;
  readonly drMayBe?: 'smaller-or-equal' | undefined;
}

export interface ParityAllowList {
  readonly file: string;
  readonly namespaces?: { readonly prod: string; readonly dr: string } | undefined;
  readonly allow: readonly AllowEntry[];
}

export const EMPTY_ALLOWLIST: ParityAllowList = { file: ALLOWLIST_FILE, allow: [] };

const EXPECTED =
  'namespaces: {prod, dr} (optional) and allow: a list of {kind, group?, ' +
  'name?, paths: [field paths], why, drMayBe?: smaller-or-equal}';

/** Parses `spec.containers[*].resources`, `metadata.annotations["a/b"]`, `spec.*.x` into segments. */
export function parsePattern(text: string): PatternSegment[] {
  const out: PatternSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`path "${text}": ${why} at character ${i + 1}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      if (i === 0 || i === text.length - 1) fail('stray "."');
      i++;
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) fail('unclosed "["');
      const inner = text.slice(i + 1, close);
      if (inner === '*') out.push({ any: true });
      else if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^".*"$/.test(inner)) out.push(JSON.parse(inner) as string);
      else fail(`expected [n], [*] or ["key"], got [${inner}]`);
      i = close + 1;
      continue;
    }
    const m = /^[^.[\]]+/.exec(text.slice(i));
    if (!m) fail('unexpected character');
    const key = (m as RegExpExecArray)[0];
    out.push(key === '*' ? { any: true } : key);
    i += key.length;
  }
  if (out.length === 0) fail('empty');
  return out;
}

export function parseAllowList(object: Record<string, unknown>, file: string): ParityAllowList {
  const fail = (what: string): never => {
    throw new ToolError(`${file}: ${what} (expected ${EXPECTED})`);
  };
  for (const key of Object.keys(object)) if (key !== 'namespaces' && key !== 'allow') fail(`unknown key "${key}"`);
  let namespaces: ParityAllowList['namespaces'];
  if (object.namespaces !== undefined) {
    const ns = object.namespaces as Record<string, unknown>;
    if (typeof ns !== 'object' || ns === null || typeof ns.prod !== 'string' || typeof ns.dr !== 'string')
      fail('namespaces must have prod and dr strings');
    namespaces = { prod: ns.prod as string, dr: ns.dr as string };
  }
  if (!Array.isArray(object.allow)) fail('allow must be a list');
  const allow = (object.allow as unknown[]).map((raw, i): AllowEntry => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const where = `allow[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`${where} is not a mapping`);
    for (const key of Object.keys(e))
      if (!['kind', 'group', 'name', 'paths', 'why', 'drMayBe'].includes(key))
        fail(`${where} has unknown key "${key}"`);
    if (typeof e.kind !== 'string' || !e.kind) fail(`${where}.kind must be a kind name`);
    if (e.group !== undefined && typeof e.group !== 'string') fail(`${where}.group must be a string`);
    if (e.name !== undefined && typeof e.name !== 'string') fail(`${where}.name must be a string`);
    if (typeof e.why !== 'string' || !e.why.trim()) fail(`${where}.why must say why the difference is acceptable`);
    if (e.drMayBe !== undefined && e.drMayBe !== 'smaller-or-equal') fail(`${where}.drMayBe must be smaller-or-equal`);
    if (!Array.isArray(e.paths) || e.paths.length === 0 || e.paths.some((p) => typeof p !== 'string'))
      fail(`${where}.paths must be a non-empty list of field paths`);
    const pathTexts = e.paths as string[];
    const paths = pathTexts.map((p) => {
      try {
        return parsePattern(p);
      } catch (error) {
        return fail(`${where}: ${(error as Error).message}`);
      }
    });
    return {
      kind: e.kind as string,
      group: e.group as string | undefined,
      name: e.name as string | undefined,
      paths,
      pathTexts,
      why: e.why as string,
      drMayBe: e.drMayBe as 'smaller-or-equal' | undefined,
    };
  });
  return { file, namespaces, allow };
}

/** Reads the allow list; a repo without one gets an empty list (every difference is a finding). */
export async function loadParityAllowList(root: string, file = ALLOWLIST_FILE): Promise<ParityAllowList> {
  const full = path.join(root, file);
  if (!existsSync(full)) return { ...EMPTY_ALLOWLIST, file };
  return parseAllowList(await readYamlObject(full, EXPECTED), file);
}

/** Does `pattern` match a prefix of `path` (an allowance covers everything below it)? */
export function coversPath(pattern: readonly PatternSegment[], path: FieldPath): boolean {
  if (pattern.length > path.length) return false;
  return pattern.every((seg, i) => (typeof seg === 'object' ? true : seg === path[i]));
}
