/**
 * String-only templating of a value tree, as Argo CD's `deeplyReplace`:
 * every string is rendered (including map keys), other scalars are copied,
 * map entries whose value is null are dropped.
 */
import { GenerationError } from './errors.js';
import { renderFastTemplate } from './fasttemplate.js';
import { fromData, renderGoTemplate, TemplateExecError, TemplateSyntaxError } from './gotemplate/index.js';
import type { GoTemplateOptions, GoValue } from './gotemplate/index.js';

export interface Engine {
  goTemplate: boolean;
  options: GoTemplateOptions;
}

export type Params = Record<string, unknown>;

/** A param set prepared for one engine (Go values are built once per param set). */
export interface PreparedParams {
  raw: Params;
  go: GoValue;
}

export function prepare(params: Params, engine: Engine): PreparedParams {
  return { raw: params, go: engine.goTemplate ? fromData(params) : null };
}

export function renderString(tmpl: string, p: PreparedParams, engine: Engine): string {
  if (!engine.goTemplate) return renderFastTemplate(tmpl, p.raw);
  try {
    return renderGoTemplate(tmpl, p.go, engine.options);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new GenerationError(`failed to parse template ${tmpl}: ${e.message}`);
    if (e instanceof TemplateExecError)
      throw new GenerationError(`failed to execute go template ${tmpl}: ${e.message}`);
    throw e;
  }
}

/** renderString, with the failing field's path (relative to `at`) recorded on the error. */
function renderAt(tmpl: string, p: PreparedParams, engine: Engine, at: (string | number)[]): string {
  try {
    return renderString(tmpl, p, engine);
  } catch (e) {
    if (e instanceof GenerationError && e.path === undefined) e.path = at;
    throw e;
  }
}

/** Render every string of a value tree; `at` is the tree's path, recorded on a failing field's error. */
export function renderDeep(value: unknown, p: PreparedParams, engine: Engine, at: (string | number)[] = []): unknown {
  if (typeof value === 'string') return renderAt(value, p, engine, at);
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, p, engine, [...at, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      out[renderAt(k, p, engine, [...at, k])] = renderDeep(v, p, engine, [...at, k]);
    }
    return out;
  }
  return value;
}
