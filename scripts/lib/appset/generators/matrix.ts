/**
 * The Matrix generator: the cartesian product of two children, the second interpolated with each
 * of the first child's parameter sets. Its children may use the generators it is built with.
 */
import { GenerationError } from '../errors.js';
import type { Params } from '../template.js';
import { childGenerators, childParams } from './children.js';
import { deepClone, mergeOverride, stringifyValues } from './params.js';
import type { Generator, GeneratorSet, Obj } from './types.js';

export function matrixGenerator(offered: GeneratorSet): Generator {
  return {
    kind: 'matrix',
    async generate(g, ctx, where) {
      const children = childGenerators(g, 'matrix', where, offered);
      if (children.length > 2)
        throw new GenerationError(`${where}: found more than two generators, Matrix supports only two`);
      const [c0, c1] = children as [Obj, Obj];
      const res: Params[] = [];
      const first = await childParams(c0, ctx, undefined, `${where}.generators[0]`, offered);
      for (const a of first) {
        const second = await childParams(c1, ctx, a, `${where}.generators[1]`, offered);
        for (const b of second) {
          if (ctx.engine.goTemplate) {
            // mergo: b first, then a with override -> the first child wins on conflicts
            res.push(mergeOverride(mergeOverride({}, deepClone(b)), deepClone(a)));
            continue;
          }
          const out: Params = { ...stringifyValues(a) };
          for (const [k, v] of Object.entries(stringifyValues(b))) {
            if (k in out && out[k] !== v) {
              throw new GenerationError(
                `${where}: found duplicate key ${k} with different value, a: ` +
                  `${String(out[k])} ,b: ${v} (with goTemplate: false both matrix ` +
                  `children must agree on shared params)`,
              );
            }
            out[k] = v;
          }
          res.push(out);
        }
      }
      return res;
    },
  };
}
