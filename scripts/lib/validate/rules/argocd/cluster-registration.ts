import type { Finding } from '../../../findings.js';
import { parseClusterSecret } from '../../../appset/index.js';
import { ARGOCD_NAMESPACE } from '../../../argocd.js';
import type { Resource, Rule } from '../../types.js';

/**
 * ARGO-007: the Argo CD cluster Secrets and clusters/<name>/cluster.yaml describe the same clusters
 * (name and API server), so what the pipeline renders for a cluster is where Argo CD deploys it.
 */
export const clusterRegistration: Rule = {
  id: 'ARGO-007',
  name: 'cluster-registration',
  group: 'argocd',
  severity: 'error',
  scope: 'run',
  needsArgo: true,
  description:
    'Every cluster in clusters/ is registered with Argo CD by a cluster ' +
    'Secret with the same name and server (except the one Argo CD runs ' +
    'on), no Secret registers an undescribed cluster, and with an Argo CD ' +
    'per site, an Application deploying to another cluster is registered ' +
    'in its own instance.',
  remediation:
    "Add (or fix) a cluster Secret with the cluster's name and server in the Argo CD instance that deploys " +
    'to it, or remove the Secret of a cluster clusters/ does not describe.',
  check(ctx) {
    const argo = ctx.argo;
    if (!argo || argo.pathMode) return [];
    const out: Finding[] = [];
    const secrets: { resource: Resource; name: string; server: string }[] = [];
    for (const unit of ctx.units) {
      for (const r of unit.resources) {
        if (r.ref.kind !== 'Secret' || r.ref.apiVersion !== 'v1') continue;
        const info = parseClusterSecret(r.object, r.ref.namespace ?? ARGOCD_NAMESPACE);
        if (info) secrets.push({ resource: r, name: info.name, server: info.server });
      }
    }
    for (const s of secrets) {
      const described = argo.clusters.find((c) => c.name === s.name);
      if (!described)
        out.push(
          ctx.report(
            s.resource,
            ['stringData', 'name'],
            `cluster Secret registers "${s.name}` +
              `", which no clusters/<name>/cluster.yaml describes (expected one of ` +
              `${argo.clusters.map((c) => c.name).join(', ')})`,
          ),
        );
      else if (described.server !== s.server)
        out.push(
          ctx.report(
            s.resource,
            ['stringData', 'server'],
            `cluster Secret for ${s.name} says server ${s.server}, but ${described.file} says ${described.server}`,
          ),
        );
    }
    const anchor = secrets[0]?.resource;
    for (const c of argo.clusters) {
      if (c.hostsArgoCD || secrets.some((s) => s.name === c.name)) continue;
      if (anchor)
        out.push(
          ctx.report(
            anchor,
            [],
            `cluster ${c.name} (${c.file}) has no Argo CD cluster Secret: Applications for it cannot sync`,
          ),
        );
    }
    // With an Argo CD per site, an instance knows only the clusters registered in its own app of apps.
    for (const t of argo.targets) {
      const instance = argo.model.instances.find(
        (i) => i.cluster !== undefined && i.cluster === t.application?.instance,
      );
      if (!instance || t.cluster === instance.cluster) continue;
      const registered = secrets.some(
        (s) => s.resource.unit === instance.bootstrapApp && s.server === t.application?.server,
      );
      const app = argo.applications.find((a) => a.ref.name === t.name);
      if (!registered && app)
        out.push(
          ctx.report(
            app,
            ['spec', 'destination'],
            `Application ${t.name} of ${instance.cluster}'s Argo CD deploys to ` +
              `${t.cluster}, which no cluster Secret in ${instance.bootstrapFile}'s ` +
              `app of apps registers: it cannot sync`,
          ),
        );
    }
    return out;
  },
};
