import type { Finding } from '../../findings.js';
import { identityLabel } from '../snapshot.js';
import { protectedKind, resourceFinding, syncOptions, type DiffRule } from './types.js';

export const protectedResourceDeleted: DiffRule = {
  id: 'DIFF-003',
  name: 'stateful-resource-deleted',
  severity: 'error',
  group: 'diff',
  scope: 'diff',
  description:
    'A Namespace, PersistentVolumeClaim or CloudNativePG Cluster ' +
    'disappears from an Application that stays: automated prune deletes ' +
    'it, and its data with it.',
  remediation:
    'Keep the resource; to drop it from Git but keep it running, first sync it with the annotation ' +
    'argocd.argoproj.io/sync-options: Prune=false. If it must be deleted, back up its data and acknowledge ' +
    'with --allow-deletions.',
  deletion: true,
  check(ctx) {
    const findings: Finding[] = [];
    for (const app of ctx.diff.applications) {
      if (app.status !== 'changed') continue;
      for (const change of app.removed) {
        const why = protectedKind(change.identity.group, change.identity.kind);
        if (!why) continue;
        const movedTo = ctx.diff.applications.find(
          (other) => other !== app && other.cluster === app.cluster && other.head?.resources.has(change.key),
        );
        const noPrune = syncOptions(change.base?.object).has('Prune=false');
        const where = `${app.name} (${app.environment} on ${app.cluster})`;
        const what = `${identityLabel(change.identity)} is removed from ${where}`;
        const move = movedTo
          ? `. It moves to ${movedTo.name}, but if ${app.name} syncs first it is deleted before ` +
            `${movedTo.name} adopts it: annotate it with Prune=false for the move`
          : '';
        const message = noPrune
          ? `${what}; it carries argocd.argoproj.io/sync-options: Prune=false, so ` +
            `Argo CD leaves it in the cluster, unmanaged`
          : `${what}: Argo CD prunes it and ${why}${move}. If this is intended, acknowledge it with ` +
            `--allow-deletions (the allow-deletions label in CI)`;
        findings.push(resourceFinding(this, app, change, [], message, noPrune ? 'warning' : this.severity));
      }
    }
    return findings;
  },
};
