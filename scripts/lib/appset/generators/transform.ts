/**
 * Argo CD's Transform step for one entry of a generators list: run the generators the entry names
 * (from the set available at this level), merge each generator's template over the base template,
 * interpolate a matrix's second child with the first child's params, and apply the post selector.
 */
import { isObj } from '../../objects.js';
import { GenerationError } from '../errors.js';
import { parseSelector, selectorMatches } from '../selector.js';
import { prepare, renderDeep } from '../template.js';
import type { Params } from '../template.js';
import { deepClone, flattenParams, mergeFill } from './params.js';
import { GENERATOR_KINDS, UNSUPPORTED_KINDS } from './types.js';
import type { GeneratorContext, GeneratorSet, Obj } from './types.js';

export interface TransformResult {
  params: Params[];
  template: Record<string, unknown>;
}

/** Render the strings of a generator with another generator's params (matrix interpolation). */
function interpolateGenerator(body: unknown, params: Params, ctx: GeneratorContext): unknown {
  if (!isObj(body)) return body;
  const prepared = prepare(params, ctx.engine);
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) {
    // generator templates are ignored inside a matrix: not interpolated. List elements (raw JSON)
    // are: deeplyReplace decodes Raw fields and renders their strings.
    if (k === 'template') out[k] = v;
    else if (v !== null && v !== undefined) out[k] = renderDeep(v, prepared, ctx.engine);
  }
  return out;
}

/**
 * Why a generator key cannot be used in an entry that offers `generators`: an external API, not a
 * generator at all, or a generator this nesting level does not offer. Undefined when it can.
 */
export function refusal(key: string, generators: GeneratorSet, where: string): string | undefined {
  if (key === 'selector' || generators.some((g) => g.kind === key)) return undefined;
  if (UNSUPPORTED_KINDS.includes(key))
    return `${where}.${key}: the ${key} generator needs an external API and is not supported by the offline renderer`;
  if ((GENERATOR_KINDS as readonly string[]).includes(key))
    return (
      `${where}: matrix/merge generators can be nested only one level deep ` +
      `(Argo CD drops deeper nesting; here: ${generators.map((g) => g.kind).join(', ')})`
    );
  return `${where}: unknown generator ${JSON.stringify(key)} (expected one of ${GENERATOR_KINDS.join(', ')})`;
}

export async function transform(
  entry: Obj,
  baseTemplate: Obj,
  ctx: GeneratorContext,
  interpolate: Params | undefined,
  where: string,
  generators: GeneratorSet,
): Promise<TransformResult[]> {
  const selector = parseSelector(entry.selector, `${where}.selector`);
  for (const k of Object.keys(entry)) {
    const refused = refusal(k, generators, where);
    if (refused !== undefined) throw new GenerationError(refused);
  }
  const results: TransformResult[] = [];
  for (const generator of generators) {
    const { kind } = generator;
    if (entry[kind] === undefined || entry[kind] === null) continue;
    const w = `${where}.${kind}`;
    const rawBody = entry[kind];
    if (!isObj(rawBody)) throw new GenerationError(`${w}: expected an object`);
    let body: Obj = rawBody;
    const genTemplate = isObj(body.template) ? body.template : {};
    const template = mergeFill(deepClone(genTemplate), baseTemplate) as Obj;
    if (interpolate !== undefined && Object.keys(interpolate).length > 0)
      body = interpolateGenerator(body, interpolate, ctx) as Obj;
    let params = await generator.generate(body, ctx, w);
    if (selector !== undefined) params = params.filter((p) => selectorMatches(selector, flattenParams(p)));
    results.push({ params, template });
  }
  return results;
}
