/**
 * What matrix and merge share: their `generators` list, checked against the set they pass down, and
 * one child's params.
 */
import { isObj } from '../../objects.js';
import { GenerationError } from '../errors.js';
import type { Params } from '../template.js';
import { refusal, transform } from './transform.js';
import { GENERATOR_KINDS } from './types.js';
import type { GeneratorContext, GeneratorSet, Obj } from './types.js';

/** The children of a matrix or merge: at least two, each one generator the `offered` set holds. */
export function childGenerators(g: Obj, kind: 'matrix' | 'merge', where: string, offered: GeneratorSet): Obj[] {
  const children = g.generators;
  if (!Array.isArray(children)) throw new GenerationError(`${where}.generators: expected a list of generators`);
  children.forEach((c, i) => {
    const w = `${where}.generators[${i}]`;
    if (!isObj(c)) throw new GenerationError(`${w}: expected a generator object`);
    const kinds = Object.keys(c).filter((k) => k !== 'selector');
    if (kinds.length > 1)
      throw new GenerationError(
        `${w}: found more than one generator (${kinds.join(', ')}); each entry of ${kind}.generators may hold only one`,
      );
    // a generator this level does not offer is refused before any child runs; unknown and
    // unsupported keys are refused by transform() when the child runs
    for (const k of kinds.filter((x) => (GENERATOR_KINDS as readonly string[]).includes(x))) {
      const refused = refusal(k, offered, w);
      if (refused !== undefined) throw new GenerationError(refused);
    }
  });
  if (children.length < 2) {
    const name = kind === 'matrix' ? 'Matrix' : 'Merge';
    throw new GenerationError(`${where}: found less than two generators, ${name} requires two or more`);
  }
  return children as Obj[];
}

/** A matrix/merge child: Transform with an empty base template, exactly one generator. */
export async function childParams(
  child: Obj,
  ctx: GeneratorContext,
  interpolate: Params | undefined,
  where: string,
  offered: GeneratorSet,
): Promise<Params[]> {
  const results = await transform(child, {}, ctx, interpolate, where, offered);
  if (results.length === 0)
    throw new GenerationError(`${where}: child generator generated no parameters (no known generator in this entry)`);
  return results.flatMap((r) => r.params);
}
