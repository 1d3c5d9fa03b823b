/**
 * Field-level diff of two parsed Kubernetes objects. Pure: no I/O.
 *
 * - Key order never matters (maps are compared by key).
 * - Lists of named objects (every item a mapping with a unique string `name`: containers, env,
 *   ports, volumes, volumeMounts...) are matched by name, so inserting one container does not
 *   report every later container as changed; a pure reordering of such a list is not a change.
 * - Other lists are compared by index.
 */

/** One step of a field path: a map key, a list index, or a list item matched by its `name`. */
export type Segment = string | number | { readonly name: string };

export type ChangeOp = 'add' | 'remove' | 'change';

export interface FieldChange {
  readonly path: readonly Segment[];
  readonly op: ChangeOp;
  /** absent for 'add' */
  readonly before?: unknown;
  /** absent for 'remove' */
  readonly after?: unknown;
}

import { isObj } from '../objects.js';

/** Structural equality that ignores key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function namesOf(list: readonly unknown[]): string[] | undefined {
  const names: string[] = [];
  for (const item of list) {
    if (!isObj(item) || typeof item.name !== 'string') return undefined;
    names.push(item.name);
  }
  return new Set(names).size === names.length ? names : undefined;
}

/** Both lists hold named objects (an empty list goes along with a named one). */
function namedLists(a: readonly unknown[], b: readonly unknown[]): { a: string[]; b: string[] } | undefined {
  const na = namesOf(a);
  const nb = namesOf(b);
  if (!na || !nb || (na.length === 0 && nb.length === 0)) return undefined;
  return { a: na, b: nb };
}

function walk(a: unknown, b: unknown, path: Segment[], out: FieldChange[]): void {
  if (deepEqual(a, b)) return;
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const inA = Object.hasOwn(a, key);
      const inB = Object.hasOwn(b, key);
      if (inA && !inB) out.push({ path: [...path, key], op: 'remove', before: a[key] });
      else if (!inA && inB) out.push({ path: [...path, key], op: 'add', after: b[key] });
      else walk(a[key], b[key], [...path, key], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = namedLists(a, b);
    if (named) {
      const before = new Map(a.map((item, i) => [named.a[i] as string, item]));
      const after = new Map(b.map((item, i) => [named.b[i] as string, item]));
      for (const name of named.a)
        if (!after.has(name)) out.push({ path: [...path, { name }], op: 'remove', before: before.get(name) });
      for (const name of named.b) {
        if (!before.has(name)) out.push({ path: [...path, { name }], op: 'add', after: after.get(name) });
        else walk(before.get(name), after.get(name), [...path, { name }], out);
      }
      return;
    }
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      if (i >= b.length) out.push({ path: [...path, i], op: 'remove', before: a[i] });
      else if (i >= a.length) out.push({ path: [...path, i], op: 'add', after: b[i] });
      else walk(a[i], b[i], [...path, i], out);
    }
    return;
  }
  out.push({ path, op: 'change', before: a, after: b });
}

/** Every leaf-most difference between `before` and `after`, in a stable order. */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, [], out);
  return out;
}

/** spec.template.spec.containers[name=app].image; keys that are not identifiers are quoted. */
export function formatSegments(path: readonly Segment[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'object') out += `[name=${part.name}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The value at `path` in `object`, or undefined. */
export function valueAt(object: unknown, path: readonly Segment[]): unknown {
  let node: unknown = object;
  for (const part of path) {
    if (typeof part === 'object') {
      node = Array.isArray(node) ? node.find((item) => isObj(item) && item.name === part.name) : undefined;
    } else if (typeof part === 'number') {
      node = Array.isArray(node) ? node[part] : undefined;
    } else {
      node = isObj(node) ? node[part] : undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** The same path with named items turned into their index in `object` (for YAML locations). */
export function indexedPath(object: unknown, path: readonly Segment[]): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = object;
  for (const part of path) {
    if (typeof part === 'object') {
      const index = Array.isArray(node) ? node.findIndex((item) => isObj(item) && item.name === part.name) : -1;
      if (index < 0) return out;
      out.push(index);
      node = (node as unknown[])[index];
    } else {
      out.push(part);
      node =
        typeof part === 'number'
          ? Array.isArray(node)
            ? node[part]
            : undefined
          : isObj(node)
            ? node[part]
            : undefined;
    }
  }
  return out;
}

/** Whether `path` starts with `prefix` (string keys and indexes only in the prefix). */
export function startsWith(path: readonly Segment[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/** A value for one line of a report: scalars as YAML would show them, objects as compact JSON. */
export function showValue(value: unknown, max = 120): string {
  if (value === undefined) return '(unset)';
  const text =
    typeof value === 'string'
      ? /^[\w./:@+-]+$/.test(value) && value !== ''
        ? value
        : JSON.stringify(value)
      : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
