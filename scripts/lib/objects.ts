/** The one home of the small helpers for decoded JSON/YAML objects. Pure. */

/** A decoded JSON/YAML mapping. */
export type Obj = Record<string, unknown>;

/** A mapping: an object that is neither null nor an array. */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The mapping itself, or an empty one for anything else (absent fields read as absent). */
export function asObj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

/** The array itself, or an empty one for anything else. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
