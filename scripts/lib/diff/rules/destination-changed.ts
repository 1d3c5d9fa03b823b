import type { Finding } from '../../findings.js';
import { formatSegments } from '../fields.js';
import type { DiffRule } from './types.js';

/**
 * DIFF-005: a running Application moves to another cluster or namespace. Argo CD creates everything
 * at the new destination and, with automated pruning, deletes it at the old one: data in PVCs and
 * databases does not move with it. Blocking unless acknowledged, like a deletion.
 */
export const destinationChanged: DiffRule = {
  id: 'DIFF-005',
  name: 'destination-changed',
  severity: 'error',
  group: 'diff',
  scope: 'diff',
  description:
    "A running Application's destination (cluster or namespace) changes: " +
    'Argo CD deploys everything anew at the new destination and stops ' +
    'managing (or prunes) the old one; stateful data does not move.',
  remediation:
    'Keep the destination, or move the service with a planned migration (deploy at the new place, move ' +
    'data, then remove the old Application); acknowledge with --allow-deletions.',
  deletion: true,
  check(ctx) {
    const findings: Finding[] = [];
    for (const app of ctx.diff.applications) {
      if (app.status !== 'changed' || !app.base || !app.head) continue;
      const before = app.base.application.destination;
      const after = app.head.application.destination;
      if (before.server === after.server && before.namespace === after.namespace) continue;
      const moved = [
        before.server !== after.server
          ? `cluster ${app.base.cluster} (${before.server}) -> ${app.head.cluster} (${after.server})`
          : '',
        before.namespace !== after.namespace ? `namespace ${before.namespace} -> ${after.namespace}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const stateful = [...app.base.resources.values()]
        .filter((r) =>
          ['PersistentVolumeClaim', 'Cluster', 'RedisCluster', 'Kafka', 'KafkaNodePool'].includes(r.identity.kind),
        )
        .map((r) => r.identity.kind);
      const data = stateful.length > 0 ? ` Its ${[...new Set(stateful)].join(', ')} start empty there.` : '';
      const line = ctx.diff.head.clusterFacts?.get(app.head.cluster)?.environmentsLine ?? 1;
      const changed = app.application
        .filter((f) => formatSegments(f.path).startsWith('destination'))
        .map((f) => formatSegments(f.path));
      findings.push({
        ruleId: this.id,
        severity: this.severity,
        message:
          `Application ${app.name} (${app.environment}) moves: ${moved} (` +
          `${changed.join(', ') || 'destination'}). Argo CD deploys all ` +
          `${app.head.resources.size} resources at the new destination; the old ` +
          `one is no longer managed by this Application.${data} If this is ` +
          `intended, acknowledge it with --allow-deletions (the allow-deletions ` +
          `label in CI)`,
        file: `clusters/${app.head.cluster}/cluster.yaml`,
        line,
        path: 'spec.environments',
        unit: app.name,
      });
    }
    return findings;
  },
};
