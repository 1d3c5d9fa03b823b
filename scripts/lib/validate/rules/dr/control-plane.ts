import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';

/**
 * DR-002: each cluster converges from git by itself. Every Application (deploy target) is run by the
 * Argo CD on the cluster it deploys to, so a site that loses the other still has its control plane,
 * and a failover change reaches the surviving site through that site's own Argo CD.
 */
export const drControlPlane: Rule = {
  id: 'DR-002',
  name: 'dr-control-plane',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  needsArgo: true,
  description:
    'Every Application is run by the Argo CD of the cluster it deploys to ' +
    '(clusters/<name>/cluster.yaml hostsArgoCD, ' +
    "argocd/<name>/bootstrap.yaml): no site's workloads, and no failover " +
    "change, depend on another site's Argo CD.",
  remediation:
    "Let the cluster's own Argo CD run the Application: deploy it from argocd/<cluster>/bootstrap.yaml of " +
    'the cluster that hostsArgoCD.',
  check(ctx) {
    const argo = ctx.argo;
    if (!argo) return [];
    const out: Finding[] = [];
    for (const t of argo.targets) {
      const instance = t.application?.instance;
      if (instance === t.cluster) continue;
      const app = argo.applications.find((a) => a.ref.name === t.name);
      if (!app) continue;
      const role = argo.clusters.find((c) => c.name === t.cluster)?.role;
      const who = instance
        ? `${instance}'s Argo CD`
        : 'an Argo CD no cluster description places (no clusters/<name>/cluster.yaml says hostsArgoCD)';
      out.push(
        ctx.report(
          app,
          ['spec', 'destination'],
          `Application ${t.name} deploys to ${t.cluster}` +
            `${role === 'dr' ? ' (the DR site)' : ''} but is run by ${who}: with ` +
            `that site down, ${t.cluster} cannot converge from git` +
            `${role === 'dr' ? ' and a failover never reaches it' : ''}; expected ` +
            `${t.cluster}'s own Argo CD (hostsArgoCD: true, argocd/${t.cluster}` +
            `/bootstrap.yaml) to run it, deploying in-cluster`,
        ),
      );
    }
    return out;
  },
};
