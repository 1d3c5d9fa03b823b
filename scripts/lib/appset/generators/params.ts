/**
 * Parameter maps as the controller's Go code handles them: flattening and %v formatting, mergo's
 * two merge modes (with the map[string]string type that makes one of them panic), deep copies, and
 * a generator's templated `values`.
 */
import { isObj } from '../../objects.js';
import { GenerationError } from '../errors.js';
import { goSprint } from '../gotemplate/index.js';
import { prepare, renderString } from '../template.js';
import type { Params } from '../template.js';
import type { GeneratorContext, Obj } from './types.js';

/** flatten.Flatten(..., DotStyle) with fmt %v values: used for post selectors and fasttemplate. */
export function flattenParams(v: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const key = prefix === '' ? k : `${prefix}.${k}`;
      if (isObj(x) || Array.isArray(x)) flattenParams(x, key, out);
      else out[key] = goString(x);
    }
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => {
      const key = prefix === '' ? String(i) : `${prefix}.${i}`;
      if (isObj(x) || Array.isArray(x)) flattenParams(x, key, out);
      else out[key] = goString(x);
    });
  }
  return out;
}

/** fmt.Sprintf("%v") of a decoded JSON scalar (numbers are float64 in Argo CD). */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goSprint(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/**
 * In Go, the `values` a Clusters or Git generator adds (goTemplate) is a map[string]string, while
 * maps from list elements and git files are map[string]interface{}. mergo cannot write the latter
 * into the former: the controller panics. The marker keeps that type through clones and merges.
 */
const GO_STRING_MAP = Symbol('map[string]string');

function markStringMap<T extends object>(o: T): T {
  Object.defineProperty(o, GO_STRING_MAP, { value: true, enumerable: false });
  return o;
}

function isStringMap(o: unknown): boolean {
  return isObj(o) && (o as Record<symbol, unknown>)[GO_STRING_MAP] === true;
}

/** A deep copy of JSON-like data that keeps the map[string]string marker. */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepClone(x)) as T;
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = deepClone(x);
    return (isStringMap(v) ? markStringMap(out) : out) as T;
  }
  return v;
}

/** What the controller's recovered panic says when mergo writes a map[string]interface{} into a map[string]string. */
export const MERGO_PANIC = 'reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string';

/** mergo.Merge(dst, src, WithOverride): src wins, nested maps merged. */
export function mergeOverride(dst: Obj, src: Obj): Obj {
  if (isStringMap(dst) && !isStringMap(src) && Object.keys(src).length > 0) {
    throw new GenerationError(
      `panic: ${MERGO_PANIC} (a generator's values, a map of strings, is ` +
        `overridden by a map from another generator; the controller recovers ` +
        `and generates no Applications)`,
    );
  }
  const out: Obj = isStringMap(dst) ? markStringMap({ ...dst }) : { ...dst };
  for (const [k, v] of Object.entries(src)) {
    const d = out[k];
    out[k] = isObj(d) && isObj(v) ? mergeOverride(d, v) : v;
  }
  return out;
}

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

/** mergo.Merge(dst, src) without override: fill dst's empty fields from src. */
export function mergeFill(dst: unknown, src: unknown): unknown {
  if (isObj(dst) && isObj(src)) {
    const out: Obj = { ...dst };
    for (const [k, v] of Object.entries(src)) {
      const d = out[k];
      if (isObj(d) && isObj(v)) out[k] = mergeFill(d, v);
      else if (isEmptyValue(d)) out[k] = deepClone(v);
    }
    return out;
  }
  return isEmptyValue(dst) ? deepClone(src) : dst;
}

/** Every value as fmt %v: how goTemplate: false params combine. */
export function stringifyValues(p: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) out[k] = goString(v);
  return out;
}

/** The `values` of a clusters or git generator, rendered with the params it is added to. */
export function appendTemplatedValues(values: unknown, params: Params, ctx: GeneratorContext, where: string): void {
  if (values === undefined || values === null) return;
  if (!isObj(values)) throw new GenerationError(`${where}.values: expected a map of strings`);
  const prepared = prepare(params, ctx.engine);
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string')
      throw new GenerationError(`${where}.values.${k}: expected a string, got ${JSON.stringify(v)}`);
    rendered[k] = renderString(v, prepared, ctx.engine);
  }
  if (Object.keys(rendered).length === 0) return;
  if (ctx.engine.goTemplate) params.values = markStringMap(rendered);
  else for (const [k, v] of Object.entries(rendered)) params[`values.${k}`] = v;
}
