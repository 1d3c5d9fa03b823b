/**
 * CRD validation rules (`x-kubernetes-validations`) evaluated offline with @bufbuild/cel, the way the
 * API server evaluates them on create:
 *
 * - `self` is the value of the node the rule sits on, typed by its schema (integers are CEL ints,
 *   objects and maps are CEL maps, so `has(self.x)`, `'k' in self` and field selection work);
 * - transition rules (those that read `oldSelf`) are not evaluated: there is no old object on create;
 * - a rule that fails at run time (e.g. "no such key") rejects the object, as on the server;
 * - the Kubernetes CEL libraries are partly provided: the strings extension (cel-go's ext.Strings)
 *   and isURL(); a rule calling any other function the library does not know (quantity(), url(),
 *   ip(), format, lists, regex find...) is reported as skipped, never passed.
 */
import type { CelEnv } from '@bufbuild/cel';
import { requirePackageWithCodeCache } from './code-cache.js';
import type { FieldPath } from '../findings.js';
import { isObj } from '../objects.js';

export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

export type CelOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'transition' }
  | { readonly status: 'fail'; readonly message: string; readonly path: FieldPath }
  | { readonly status: 'skipped'; readonly why: string };

/** A JSON schema node of the CRD (openAPIV3Schema), as far as typing `self` needs it. */
export type SchemaNode = Record<string, unknown>;

// The CEL library (with protobuf, 130 modules) is loaded on the first rule evaluated, not at start:
// most runs (a re-validate, a path without custom resources) evaluate none. Its CommonJS build, so
// the load can be synchronous.
type CelLibrary = typeof import('@bufbuild/cel');
let library: CelLibrary | undefined;
/** the CommonJS builds of @bufbuild/cel, protobuf and re2, with V8's code cache (code-cache.ts) */
const BUFBUILD = /[\\/]node_modules[\\/]@bufbuild[\\/][^\\/]+[\\/]dist[\\/]cjs[\\/].+\.js$/;
function cel(): CelLibrary {
  library ??= requirePackageWithCodeCache('@bufbuild/cel', BUFBUILD) as CelLibrary;
  return library;
}

let env: CelEnv | undefined;
function environment(): CelEnv {
  if (!env) {
    const { celEnv, celFunc, CelScalar } = cel();
    const { strings } = requirePackageWithCodeCache(
      '@bufbuild/cel/ext',
      BUFBUILD,
    ) as typeof import('@bufbuild/cel/ext');
    const isURL = celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s: string) => {
      try {
        const u = new URL(s);
        return u.protocol.length > 1;
      } catch {
        return false;
      }
    });
    env = celEnv({ funcs: [...strings, isURL] });
  }
  return env;
}

type Planned = ((ctx: Record<string, unknown>) => unknown) | { error: string };
const planned = new Map<string, Planned>();

function compile(expression: string): Planned {
  let hit = planned.get(expression);
  if (!hit) {
    try {
      hit = cel().plan(environment(), cel().parse(expression)) as (ctx: Record<string, unknown>) => unknown;
    } catch (error) {
      hit = { error: `cannot be parsed by the CEL library (${firstLine(error)})` };
    }
    planned.set(expression, hit);
  }
  return hit;
}

/** Errors that mean "the library cannot evaluate this", not "the object is invalid". */
const LIBRARY_GAP =
  /unbound function|no such overload|no matching overload|unsupported|not implemented|found no matching/i;

/** Transition rules read oldSelf; on create (no old object) the API server does not run them. */
export function isTransitionRule(rule: CelRule): boolean {
  return /\boldSelf\b/.test(rule.rule);
}

export function evaluateRule(rule: CelRule, value: unknown, schema: SchemaNode): CelOutcome {
  if (isTransitionRule(rule)) return { status: 'transition' };
  const program = compile(rule.rule);
  if (typeof program !== 'function') return { status: 'skipped', why: program.error };
  const self = toCel(value, schema);
  let result: unknown;
  try {
    result = program({ self });
  } catch (error) {
    return { status: 'skipped', why: `the CEL library failed (${firstLine(error)})` };
  }
  if (cel().isCelError(result)) {
    if (LIBRARY_GAP.test(result.message))
      return { status: 'skipped', why: `the CEL library cannot evaluate it (${result.message})` };
    return {
      status: 'fail',
      message: `rule could not be evaluated: ${result.message} (the API server rejects the object too)`,
      path: [],
    };
  }
  if (result === true) return { status: 'pass' };
  if (result !== false) return { status: 'skipped', why: `it evaluates to ${String(result)}, not a bool` };
  return { status: 'fail', message: messageOf(rule, self), path: parseFieldPath(rule.fieldPath) };
}

function messageOf(rule: CelRule, self: unknown): string {
  if (rule.messageExpression) {
    const program = compile(rule.messageExpression);
    if (typeof program === 'function') {
      try {
        const text = program({ self });
        if (typeof text === 'string' && text.trim()) return text;
      } catch {
        // fall back to message
      }
    }
  }
  return rule.message?.trim() || `failed rule: ${rule.rule}`;
}

/**
 * A rule's fieldPath (".spec.x", ".list[0]", ".map['key']") as a path relative to the node; an
 * unreadable one is ignored (the finding then sits on the node).
 */
export function parseFieldPath(fieldPath: string | undefined): FieldPath {
  if (!fieldPath) return [];
  const out: (string | number)[] = [];
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let at = 0;
  while (at < fieldPath.length) {
    token.lastIndex = at;
    const m = token.exec(fieldPath);
    if (!m) return [];
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
    at = token.lastIndex;
  }
  return out;
}

/** A JSON value as CEL sees it under this schema: integers as int (bigint), objects as maps. */
export function toCel(value: unknown, schema: SchemaNode | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const items = isObj(schema?.items) ? schema.items : undefined;
    return value.map((v) => toCel(v, items));
  }
  if (typeof value === 'number') {
    const type = schema?.type;
    if (type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'object') {
    const properties = isObj(schema?.properties) ? schema.properties : {};
    const additional = isObj(schema?.additionalProperties) ? schema.additionalProperties : undefined;
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = isObj(properties[k]) ? (properties[k] as SchemaNode) : additional;
      out.set(k, toCel(v, child));
    }
    return out;
  }
  return value;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
