import type { Finding } from '../../findings.js';
import type { AppDiff, DiffResult } from '../compare.js';
import { identityLabel } from '../snapshot.js';
import { protectedKind, type DiffRule } from './types.js';

export const applicationDeleted: DiffRule = {
  id: 'DIFF-002',
  name: 'application-deleted',
  severity: 'error',
  group: 'diff',
  scope: 'diff',
  description:
    'An Application disappears (an environment or cluster removed): Argo ' +
    'CD deletes it and, unless preserveResourcesOnDeletion is set, every ' +
    'resource it deployed.',
  remediation:
    'Keep the environment or cluster, or set preserveResourcesOnDeletion before removing it; if the ' +
    'deletion is intended, acknowledge it with --allow-deletions (the allow-deletions label in CI).',
  deletion: true,
  check(ctx) {
    const findings: Finding[] = [];
    for (const app of ctx.diff.applications) {
      if (app.status !== 'removed' || !app.base) continue;
      const resources = [...app.base.resources.values()];
      const guarded = resources
        .filter((r) => protectedKind(r.identity.group, r.identity.kind))
        .map((r) => identityLabel(r.identity));
      const including = guarded.length > 0 ? `, including ${guarded.join(', ')}` : '';
      const policy = app.base.deletion;
      const consequence =
        policy.preserveResources === true
          ? `its ${resources.length} resources stay in the cluster but are ` +
            `orphaned: nothing syncs, heals or prunes them any more${including} (` +
            `${policy.source})`
          : policy.preserveResources === false
            ? `Argo CD deletes all ${resources.length} resources it deployed${including} (${policy.source})`
            : `could not tell from the base ref whether preserveResourcesOnDeletion ` +
              `is set (${policy.source}): assume Argo CD deletes all ` +
              `${resources.length} resources it deployed${including}`;
      findings.push({
        ruleId: this.id,
        severity: this.severity,
        message:
          `Application ${app.name} (${app.environment} on ${app.cluster}, ` +
          `${app.base.path}) is removed: ${consequence}. If this is intended, ` +
          `acknowledge it with --allow-deletions (the allow-deletions label in ` +
          `CI)`,
        ...removalLocation(app, ctx.diff),
        unit: app.name,
      });
    }
    return findings;
  },
};

/** The first line the change touches in `file`, if git said. */
function firstChange(diff: DiffResult, file: string): number | undefined {
  return diff.changedLines?.get(file)?.[0];
}

/**
 * The line that removed the Application: the cluster's spec.environments where the environment
 * left it (spec.hostsArgoCD for a cluster's own Application), the base's cluster file when the
 * cluster is gone, and, when the cluster file still lists it, the first line the change touches in
 * argocd/ (an ApplicationSet or an app of apps that no longer generates it).
 */
export function removalLocation(app: AppDiff, diff: DiffResult): { file: string; line: number; path: string } {
  const head = diff.head.clusterFacts?.get(app.cluster);
  const base = diff.base.clusterFacts?.get(app.cluster);
  const file = head?.file ?? base?.file ?? `clusters/${app.cluster}/cluster.yaml`;
  const own = app.environment === 'cluster';
  if (!head) {
    // the cluster is gone: its file in the base, at what it hosted
    const line = (own ? base?.hostsArgoCDLine : base?.environmentsLine) ?? 1;
    return { file, line, path: own ? 'spec.hostsArgoCD' : 'spec.environments' };
  }
  if (own && !head.hostsArgoCD)
    return { file, line: head.hostsArgoCDLine ?? firstChange(diff, file) ?? 1, path: 'spec.hostsArgoCD' };
  if (!own && !head.environments.includes(app.environment))
    return { file, line: head.environmentsLine, path: 'spec.environments' };
  // still hosted by its cluster: Argo CD's files stopped generating it
  const argo = [...(diff.changedLines ?? [])]
    .filter(([f]) => f.startsWith('argocd/'))
    .sort(([a], [b]) => a.localeCompare(b))[0];
  if (argo?.[1][0] !== undefined) return { file: argo[0], line: argo[1][0], path: '' };
  return { file, line: firstChange(diff, file) ?? head.environmentsLine, path: '' };
}
