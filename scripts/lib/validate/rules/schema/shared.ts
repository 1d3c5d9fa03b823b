import type { SchemaIssue, SchemaSource } from '../../../schema/types.js';
import { removedApi } from '../../../schema/removed.js';
import type { RemovedApi } from '../../../schema/types.js';
import type { CheckContext, Resource } from '../../types.js';

export type SchemaVerdict =
  | { readonly status: 'removed'; readonly removed: RemovedApi }
  | { readonly status: 'unknown' }
  | { readonly status: 'checked'; readonly source: string; readonly issues: readonly SchemaIssue[] };

/**
 * Verdicts by sources, then version and cluster, then resource: per resource one weak entry (a
 * streamed path argument keeps them for 50,000 resources; see RuleMeta.unitNeeds).
 */
const cache = new WeakMap<readonly SchemaSource[], Map<string, WeakMap<Resource, SchemaVerdict>>>();
const UNKNOWN: SchemaVerdict = Object.freeze({ status: 'unknown' });
/** One verdict object per schema source for every resource that conforms. */
const conforming = new Map<string, SchemaVerdict>();

/** Validates a resource once per (sources, version); the schema rules share the verdict. */
export function schemaVerdict(ctx: CheckContext, resource: Resource): SchemaVerdict {
  let byVersion = cache.get(ctx.schemas);
  if (!byVersion) {
    byVersion = new Map();
    cache.set(ctx.schemas, byVersion);
  }
  const key = `${ctx.kubeVersion}\u0000${ctx.unit.cluster ?? ''}`;
  let byResource = byVersion.get(key);
  if (!byResource) {
    byResource = new WeakMap();
    byVersion.set(key, byResource);
  }
  const hit = byResource.get(resource);
  if (hit) return hit;
  const { apiVersion, kind } = resource.ref;
  let verdict: SchemaVerdict;
  const removed = removedApi(apiVersion, kind, ctx.kubeVersion);
  if (removed) verdict = { status: 'removed', removed };
  else {
    verdict = UNKNOWN;
    for (const source of ctx.schemas) {
      const validate = source.lookup(apiVersion, kind, { cluster: ctx.unit.cluster });
      if (validate) {
        const issues = validate(resource.object);
        let none = conforming.get(source.name);
        if (!none) {
          none = Object.freeze({ status: 'checked', source: source.name, issues: Object.freeze([]) });
          conforming.set(source.name, none);
        }
        verdict = issues.length === 0 ? none : { status: 'checked', source: source.name, issues };
        break;
      }
    }
  }
  byResource.set(resource, verdict);
  return verdict;
}
