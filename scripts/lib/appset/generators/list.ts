/** The List generator: `elements` (and `elementsYaml`) as parameter sets. */
import { isObj } from '../../objects.js';
import { GenerationError } from '../errors.js';
import type { Params } from '../template.js';
import { parseArgoYaml } from '../yaml.js';
import { deepClone } from './params.js';
import type { Generator } from './types.js';

export const listGenerator: Generator = {
  kind: 'list',
  generate(g, ctx, where) {
    const res: Params[] = [];
    const elements = g.elements ?? [];
    if (!Array.isArray(elements)) throw new GenerationError(`${where}.elements: expected a list of objects`);
    elements.forEach((el, i) => {
      const w = `${where}.elements[${i}]`;
      if (!isObj(el)) throw new GenerationError(`${w}: expected an object, got ${JSON.stringify(el)}`);
      if (ctx.engine.goTemplate) {
        res.push(deepClone(el));
        return;
      }
      const params: Params = {};
      for (const [k, v] of Object.entries(el)) {
        if (k === 'values') {
          if (!isObj(v))
            throw new GenerationError(
              `${w}.values: expected a map of strings (goTemplate: false requires string values)`,
            );
          for (const [vk, vv] of Object.entries(v)) {
            if (typeof vv !== 'string')
              throw new GenerationError(
                `${w}.values.${vk}: list element values must be strings when ` +
                  `goTemplate is false, got ${JSON.stringify(vv)} (quote it, or use ` +
                  `goTemplate: true)`,
              );
            params[`values.${vk}`] = vv;
          }
        } else {
          if (typeof v !== 'string')
            throw new GenerationError(
              `${w}.${k}: list element values must be strings when goTemplate is ` +
                `false, got ${JSON.stringify(v)} (quote it, or use goTemplate: true)`,
            );
          params[k] = v;
        }
      }
      res.push(params);
    });
    if (g.elementsYaml !== undefined && g.elementsYaml !== null && g.elementsYaml !== '') {
      if (typeof g.elementsYaml !== 'string')
        throw new GenerationError(`${where}.elementsYaml: expected a YAML string`);
      let parsed: unknown;
      try {
        parsed = parseArgoYaml(g.elementsYaml);
      } catch (e) {
        throw new GenerationError(
          `${where}.elementsYaml: error unmarshalling decoded ElementsYaml: ${(e as Error).message}`,
        );
      }
      if (parsed === null || parsed === undefined) return res;
      if (!Array.isArray(parsed) || !parsed.every(isObj)) {
        throw new GenerationError(
          `${where}.elementsYaml: expected a YAML list of objects, got ${JSON.stringify(parsed).slice(0, 80)}`,
        );
      }
      res.push(...(parsed as Params[]));
    }
    return res;
  },
};
