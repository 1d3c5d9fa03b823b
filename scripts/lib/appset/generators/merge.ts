/**
 * The Merge generator: the first child's parameter sets, each overridden by the sets of later
 * children with the same values of `mergeKeys`. Its children may use the generators it is built with.
 */
import { GenerationError } from '../errors.js';
import type { Params } from '../template.js';
import { childGenerators, childParams } from './children.js';
import { deepClone, mergeOverride, stringifyValues } from './params.js';
import type { Generator, GeneratorSet, Obj } from './types.js';

export function mergeGenerator(offered: GeneratorSet): Generator {
  return {
    kind: 'merge',
    async generate(g, ctx, where) {
      const children = childGenerators(g, 'merge', where, offered);
      const mergeKeys = g.mergeKeys;
      if (!Array.isArray(mergeKeys) || mergeKeys.length === 0 || !mergeKeys.every((k) => typeof k === 'string')) {
        throw new GenerationError(
          `${where}.mergeKeys: no merge keys were specified, Merge requires at least one (a list of param names)`,
        );
      }
      const keys = [...new Set(mergeKeys as string[])].sort();
      const keyOf = (p: Params): string => JSON.stringify(Object.fromEntries(keys.map((k) => [k, p[k] ?? null])));
      const sets: Params[][] = [];
      for (let i = 0; i < children.length; i++)
        sets.push(await childParams(children[i] as Obj, ctx, undefined, `${where}.generators[${i}]`, offered));
      const index = (ps: Params[], i: number): Map<string, Params> => {
        const m = new Map<string, Params>();
        for (const p of ps) {
          const k = keyOf(p);
          if (m.has(k)) {
            throw new GenerationError(
              `${where}.generators[${i}]: the parameters from a generator were not ` +
                `unique by the given mergeKeys, Merge requires all param sets to be ` +
                `unique. Duplicate key was ${k}`,
            );
          }
          m.set(k, p);
        }
        return m;
      };
      const base = index(sets[0] ?? [], 0);
      for (let i = 1; i < sets.length; i++) {
        const other = index(sets[i] ?? [], i);
        for (const [k, p] of base) {
          const o = other.get(k);
          if (o === undefined) continue;
          base.set(
            k,
            ctx.engine.goTemplate ? mergeOverride(p, deepClone(o)) : { ...stringifyValues(p), ...stringifyValues(o) },
          );
        }
      }
      return [...base.values()];
    },
  };
}
