/** ajv errors as SchemaIssues: the messages a schema finding shows (field path, what was expected, did you mean). */
import type { ErrorObject } from 'ajv';
import { type FieldPath, formatPath } from '../findings.js';
import { isObj } from '../objects.js';
import { nearest } from '../suggest.js';
import type { SchemaIssue } from './types.js';

export function toIssues(errors: readonly ErrorObject[], root: unknown, kind: string): SchemaIssue[] {
  const kept = resolveAlternatives(errors.filter((e) => e.keyword !== 'if'));
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const suggested = new Set<string>();
  for (const error of kept) {
    const { issue, suggests } = toIssue(error, root, kind);
    if (suggests) suggested.add(formatPath(suggests));
    const id = `${issue.kind}\u0000${formatPath(issue.path)}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  // `instancess` already says "did you mean instances": a second "missing instances" is noise
  return issues.filter((i) => !(i.message.startsWith('missing required field') && suggested.has(formatPath(i.path))));
}

/**
 * anyOf/oneOf report every branch's failures: keep the failures of the branch that came closest
 * (type matched, fewest errors), or one "expected X or Y" when no branch even had the right type.
 */
function resolveAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let current = [...errors];
  const alternatives = current
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !hasPassing(e))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length); // innermost first
  for (const alt of alternatives) {
    if (!current.includes(alt)) continue;
    const prefix = `${alt.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of current) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const inBranches = new Set([...branches.values()].flat());
    const others = current.filter((e) => e !== alt && !inBranches.has(e));
    const typeOnly = [...branches.values()].every((list) =>
      list.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath),
    );
    if (branches.size === 0 || typeOnly) {
      const types = [...branches.values()].flatMap((list) =>
        list
          .filter((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)
          .map((e) => String(e.params['type'])),
      );
      const expected = [...new Set(types.flatMap((t) => t.split(',')))];
      const merged: ErrorObject = {
        ...alt,
        keyword: 'type',
        params: { type: expected.join(',') },
        message: expected.length ? `must be ${expected.join(' or ')}` : alt.message,
      };
      current = [...others, merged];
      continue;
    }
    const best = [...branches.values()].sort(
      (a, b) =>
        Number(a.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)) -
          Number(b.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)) || a.length - b.length,
    )[0];
    current = [...others, ...(best ?? [])];
  }
  return current;
}

function hasPassing(e: ErrorObject): boolean {
  return e.keyword === 'oneOf' && Array.isArray(e.params['passingSchemas']);
}

function toIssue(error: ErrorObject, root: unknown, kind: string): { issue: SchemaIssue; suggests?: FieldPath } {
  const issue = describeError(error, root, kind);
  if (issue.kind !== 'unknown-field') return { issue };
  const match = /did you mean "([^"]+)"/.exec(issue.message);
  return match?.[1] ? { issue, suggests: [...issue.path.slice(0, -1), match[1]] } : { issue };
}

function describeError(error: ErrorObject, root: unknown, kind: string): SchemaIssue {
  const at = pointerToPath(error.instancePath, root);
  const where = (p: FieldPath): string => (p.length ? `${kind}.${formatPath(p)}` : kind);
  const parent = isObj(error.parentSchema) ? error.parentSchema : {};
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(error.params['additionalProperty'] ?? error.params['unevaluatedProperty'] ?? '');
      const allowed = isObj(parent['properties']) ? Object.keys(parent['properties']) : [];
      const suggestion = nearest(name, allowed);
      const hint = suggestion
        ? ` (did you mean "${suggestion}"?)`
        : allowed.length
          ? ` (expected one of: ${listSome(allowed)})`
          : '';
      return { kind: 'unknown-field', path: [...at, name], message: `unknown field "${name}" in ${where(at)}${hint}` };
    }
    case 'required': {
      const name = String(error.params['missingProperty'] ?? '');
      return { kind: 'conformance', path: [...at, name], message: `missing required field "${name}" in ${where(at)}` };
    }
    case 'type': {
      const expected = String(error.params['type'] ?? '')
        .split(',')
        .join(' or ');
      return {
        kind: 'conformance',
        path: at,
        message: `${where(at)}: expected ${expected}, found ${describe(error.data)}`,
      };
    }
    case 'enum': {
      const allowed = Array.isArray(error.params['allowedValues']) ? (error.params['allowedValues'] as unknown[]) : [];
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: ${describe(error.data)} is not allowed (allowed: ` +
          `${allowed.map((v) => JSON.stringify(v)).join(', ')})`,
      };
    }
    case 'const':
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: expected ${JSON.stringify(error.params['allowedValue'])}` + `, found ${describe(error.data)}`,
      };
    case 'pattern': {
      const description =
        typeof parent['description'] === 'string' && parent['description'].length <= 80
          ? ` — ${parent['description']}`
          : '';
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: ${describe(error.data)} does not match pattern ` +
          `${String(error.params['pattern'])}${description}`,
      };
    }
    case 'format':
      return {
        kind: 'conformance',
        path: at,
        message: `${where(at)}: ${describe(error.data)} is not a valid ${String(error.params['format'])}`,
      };
    case 'maxProperties':
    case 'minProperties': {
      const present = isObj(error.data) ? Object.keys(error.data) : [];
      const allowed = isObj(parent['properties']) ? Object.keys(parent['properties']) : [];
      const detail =
        error.keyword === 'maxProperties' && present.length
          ? ` (found: ${present.join(', ')})`
          : allowed.length
            ? ` (one of: ${listSome(allowed)})`
            : '';
      const d =
        typeof parent['description'] === 'string'
          ? parent['description']
          : `${error.message ?? 'wrong number of properties'}`;
      return { kind: 'conformance', path: at, message: `${where(at)}: ${d.replace(/\.$/, '')}${detail}` };
    }
    default:
      return {
        kind: 'conformance',
        path: at,
        message:
          `${where(at)}: ${error.message ?? error.keyword}` +
          `${isScalar(error.data) ? `, found ${describe(error.data)}` : ''}`,
      };
  }
}

/** JSON pointer → field path; segments that index arrays become numbers. */
function pointerToPath(pointer: string, root: unknown): FieldPath {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(seg);
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = isObj(node) ? node[seg] : undefined;
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function listSome(names: readonly string[]): string {
  const sorted = [...names].sort();
  return sorted.length > 15 ? `${sorted.slice(0, 15).join(', ')}, ...` : sorted.join(', ');
}
