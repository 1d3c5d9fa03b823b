import type { SchemaIssue, SchemaSource } from '../../../schema/types.js';
import { removedApi } from '../../../schema/removed.js';
import type { RemovedApi } from '../../../schema/types.js';
import type { CheckContext, Resource } from '../../types.js';

export type SchemaVerdict =
  | { readonly status: 'removed'; readonly removed: RemovedApi }
  | { readonly status: 'unknown' }
  | { readonly status: 'checked'; readonly source: string; readonly issues: readonly SchemaIssue[] };

const cache = new WeakMap<Resource, WeakMap<readonly SchemaSource[], Map<string, SchemaVerdict>>>();

/** Validates a resource once per (sources, version); the schema rules share the verdict. */
export function schemaVerdict(ctx: CheckContext, resource: Resource): SchemaVerdict {
  let bySources = cache.get(resource);
  if (!bySources) {
    bySources = new WeakMap();
    cache.set(resource, bySources);
  }
  let byVersion = bySources.get(ctx.schemas);
  if (!byVersion) {
    byVersion = new Map();
    bySources.set(ctx.schemas, byVersion);
  }
  const key = `${ctx.kubeVersion}\u0000${ctx.unit.cluster ?? ''}`;
  const hit = byVersion.get(key);
  if (hit) return hit;
  const { apiVersion, kind } = resource.ref;
  let verdict: SchemaVerdict;
  const removed = removedApi(apiVersion, kind, ctx.kubeVersion);
  if (removed) verdict = { status: 'removed', removed };
  else {
    verdict = { status: 'unknown' };
    for (const source of ctx.schemas) {
      const validate = source.lookup(apiVersion, kind, { cluster: ctx.unit.cluster });
      if (validate) {
        verdict = { status: 'checked', source: source.name, issues: validate(resource.object) };
        break;
      }
    }
  }
  byVersion.set(key, verdict);
  return verdict;
}
