import type { Finding } from '../../findings.js';
import type { AppDiff, ResourceChange } from '../compare.js';
import { deepEqual, formatSegments, showValue, valueAt } from '../fields.js';
import { identityLabel } from '../snapshot.js';
import { resourceFinding, type DiffRule } from './types.js';

/**
 * The environments before prod in the promotion order (dev, staging, ...) and prod with those after
 * it (dr), from the clusters' spec.environments; the conventional ones when the order is unknown.
 */
function stages(order: readonly string[]): { lower: Set<string>; upper: Set<string> } {
  const known = order.includes('prod') ? order : ['dev', 'staging', 'prod', 'dr'];
  const prod = known.indexOf('prod');
  return { lower: new Set(known.slice(0, prod)), upper: new Set(known.slice(prod)) };
}
/** The fields that say which release runs: container images, CloudNativePG's imageName. */
const RELEASE_FIELDS = new Set(['image', 'imageName']);

/** Same service in another environment: same group, kind and name (namespaces differ per environment). */
function sameService(a: ResourceChange, b: ResourceChange): boolean {
  return (
    a.identity.group === b.identity.group && a.identity.kind === b.identity.kind && a.identity.name === b.identity.name
  );
}

export const unpromotedChange: DiffRule = {
  id: 'DIFF-004',
  name: 'unpromoted-change',
  severity: 'warning',
  group: 'diff',
  scope: 'diff',
  description:
    'prod or dr changes a service in the same pull request as dev or ' +
    'staging changes its release, but prod/dr do not get the release ' +
    'dev/staging just got: the promotion order is skipped or mixed up.',
  remediation:
    'Promote in order: move dev/staging to the release first, then promote that release to prod and dr (npm ' +
    'run promote) in a separate change.',
  deletion: false,
  check(ctx) {
    const findings: Finding[] = [];
    const { lower: before, upper: after } = stages(ctx.diff.environments);
    const lower = ctx.diff.applications.filter((a) => before.has(a.environment) && a.status === 'changed');
    const upper = ctx.diff.applications.filter((a) => after.has(a.environment) && a.status === 'changed');
    for (const up of upper) {
      for (const change of up.changed) {
        const head = change.head?.object;
        if (!head) continue;
        for (const low of lower as AppDiff[]) {
          const lowChange = low.changed.find((c) => sameService(c, change));
          if (!lowChange) continue;
          for (const field of lowChange.fields) {
            const last = field.path[field.path.length - 1];
            if (field.op === 'remove' || typeof last !== 'string' || !RELEASE_FIELDS.has(last)) continue;
            const there = valueAt(head, field.path);
            if (there === undefined || deepEqual(there, field.after)) continue;
            findings.push(
              resourceFinding(
                this,
                up,
                change,
                field.path,
                `${identityLabel(change.identity)} changes in ${up.environment} in the ` +
                  `same pull request as ${low.environment} moves ` +
                  `${formatSegments(field.path)} to ${showValue(field.after)}, but ` +
                  `${up.environment} runs ${showValue(there)}: ${low.environment}` +
                  `'s change is not promoted yet. Promote it first (npm run promote) or ` +
                  `split the pull request`,
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
