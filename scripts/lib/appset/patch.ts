/**
 * Strategic merge patch for an Application (templatePatch). Argo CD's
 * Application types declare no list merge keys, so lists are replaced; maps are
 * merged recursively; `null` deletes a key; `metadata.finalizers` is a
 * `patchStrategy: merge` list of strings (union). `$patch: replace|delete`
 * and `$deleteFromPrimitiveList/<field>` directives are honoured.
 */
import { GenerationError } from './errors.js';
import { isObj, type Obj } from '../objects.js';

const MERGE_PRIMITIVE_LISTS = new Set(['metadata.finalizers']);

/**
 * A merge list of scalars (apimachinery strategicpatch): the union, ordered as normalizeElementOrder
 * does: the patch's items in patch order, the original's other items inserted where the original
 * had them before a patch item it also had.
 */
function mergePrimitiveList(original: unknown[], patch: unknown[]): unknown[] {
  const right = patch.filter((x, i) => patch.indexOf(x) === i);
  const left = original.filter((x, i) => original.indexOf(x) === i && !patch.includes(x));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = original.indexOf(left[i]);
      const ri = original.indexOf(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function mergeValue(original: unknown, patch: unknown, path: string): unknown {
  if (!isObj(patch)) return patch;
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(patch)) if (k !== '$patch' && v !== null) out[k] = v;
    return out;
  }
  if (directive !== undefined)
    throw new GenerationError(
      `templatePatch: unknown $patch directive ${JSON.stringify(directive)} at ${path || '<root>'}`,
    );
  const out: Obj = isObj(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    const p = path === '' ? k : `${path}.${k}`;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.includes(x));
      continue;
    }
    if (k.startsWith('$')) continue; // $setElementOrder, $retainKeys: ordering hints only
    if (v === null) {
      delete out[k];
      continue;
    }
    if (MERGE_PRIMITIVE_LISTS.has(p) && Array.isArray(v)) {
      out[k] = mergePrimitiveList(Array.isArray(out[k]) ? (out[k] as unknown[]) : [], v);
      continue;
    }
    const merged = mergeValue(out[k], v, p);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

export function strategicMergeApplication(app: Obj, patch: unknown): Obj {
  if (patch === null || patch === undefined) return app;
  if (!isObj(patch))
    throw new GenerationError(
      `templatePatch must render to a YAML/JSON object, got ${JSON.stringify(patch).slice(0, 80)}`,
    );
  return mergeValue(app, patch, '') as Obj;
}
