/**
 * Strategic merge patch for an Application (templatePatch). Argo CD's
 * Application types declare no list merge keys, so lists are replaced; maps are
 * merged recursively; `null` deletes a key; `metadata.finalizers` is a
 * `patchStrategy: merge` list of strings (union). `$patch: replace|delete`
 * and `$deleteFromPrimitiveList/<field>` directives are honoured.
 */
import { GenerationError } from './errors.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MERGE_PRIMITIVE_LISTS = new Set(['metadata.finalizers']);

function mergeValue(original: unknown, patch: unknown, path: string): unknown {
  if (!isObj(patch)) return patch;
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(patch)) if (k !== '$patch' && v !== null) out[k] = v;
    return out;
  }
  if (directive !== undefined) throw new GenerationError(`templatePatch: unknown $patch directive ${JSON.stringify(directive)} at ${path || '<root>'}`);
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
      const cur = Array.isArray(out[k]) ? (out[k] as unknown[]) : [];
      out[k] = [...cur, ...v.filter((x) => !cur.includes(x))];
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
  if (!isObj(patch)) throw new GenerationError(`templatePatch must render to a YAML/JSON object, got ${JSON.stringify(patch).slice(0, 80)}`);
  return mergeValue(app, patch, '') as Obj;
}
