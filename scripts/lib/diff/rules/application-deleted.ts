import type { Finding } from '../../findings.js';
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
        file: `clusters/${app.cluster}/cluster.yaml`,
        // The line that changed: spec.environments in the head tree (the base's if the file is gone).
        line: ctx.diff.head.clusterLines?.get(app.cluster) ?? ctx.diff.base.clusterLines?.get(app.cluster) ?? 1,
        path: app.environment === 'cluster' ? '' : 'spec.environments',
        unit: app.name,
      });
    }
    return findings;
  },
};
