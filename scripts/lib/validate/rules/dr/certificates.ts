import type { Finding } from '../../../findings.js';
import { asArray, asObj, type Obj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isKind, resourcesOf } from './shared.js';

const ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** The solver cert-manager picks for a host: dnsNames match, else the longest dnsZones match, else one without
 * selector.
 */
function solverFor(solvers: readonly Obj[], host: string): { solver: Obj; index: number } | undefined {
  let best: { solver: Obj; index: number; score: number } | undefined;
  solvers.forEach((solver, index) => {
    const selector = asObj(solver.selector);
    const names = asArray(selector.dnsNames).map(String);
    const zones = asArray(selector.dnsZones).map(String);
    let score = -1;
    if (names.includes(host)) score = 10_000;
    else if (zones.length > 0)
      score = Math.max(-1, ...zones.filter((z) => host === z || host.endsWith(`.${z}`)).map((z) => z.length));
    else if (names.length === 0 && Object.keys(asObj(selector.matchLabels)).length === 0) score = 0;
    if (score >= 0 && (!best || score > best.score)) best = { solver, index, score };
  });
  return best;
}

/**
 * DR-004: hosts that several clusters serve (DNS points at one of them) need their certificate on
 * every one of them before DNS moves: issued on that cluster, by DNS-01. HTTP-01 cannot pass on the
 * standby until DNS already points at it, so the certificate would arrive after the switch.
 */
export const drCertificates: Rule = {
  id: 'DR-004',
  name: 'dr-certificates',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  description:
    'A host that Ingresses on several clusters serve (the DR traffic ' +
    'switch) gets its certificate on each cluster before the switch: its ' +
    'cert-manager ClusterIssuer is rendered on that cluster and solves ' +
    'DNS-01, never HTTP-01.',
  remediation:
    'Render a cert-manager ClusterIssuer solving DNS-01 on every cluster that serves the host, and ' +
    "reference it from that cluster's Ingress.",
  check(ctx) {
    const ingresses = resourcesOf(ctx, (r) => isKind(r, 'networking.k8s.io', 'Ingress')).filter(
      (i) => i.cluster !== undefined,
    );
    const hostsOf = (o: Obj): string[] =>
      asArray(asObj(o.spec).tls).flatMap((t) => asArray(asObj(t).hosts).map(String));
    const clustersOfHost = new Map<string, Set<string>>();
    for (const i of ingresses)
      for (const h of hostsOf(i.resource.object))
        clustersOfHost.set(h, (clustersOfHost.get(h) ?? new Set()).add(i.cluster as string));
    const issuers = resourcesOf(ctx, (r) => isKind(r, 'cert-manager.io', 'ClusterIssuer'));
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const i of ingresses) {
      const shared = hostsOf(i.resource.object).filter((h) => (clustersOfHost.get(h)?.size ?? 0) > 1);
      if (shared.length === 0) continue;
      const issuerName = asObj(asObj(i.resource.object.metadata).annotations)[ISSUER_ANNOTATION];
      if (typeof issuerName !== 'string') continue; // no cert-manager annotation: the certificate comes another way
      const issuer = issuers.find((x) => x.cluster === i.cluster && x.resource.ref.name === issuerName);
      if (!issuer) {
        out.push(
          ctx.report(
            i.resource,
            ['metadata', 'annotations', ISSUER_ANNOTATION],
            `Ingress ${i.resource.ref.name} on ${i.cluster} serves ` +
              `${shared.join(', ')} (also served from ` +
              `${[...(clustersOfHost.get(shared[0] as string) ?? [])].filter((c) => c !== i.cluster).join(', ')}` +
              `) with ClusterIssuer ${issuerName}, which is not rendered on ` +
              `${i.cluster}; expected the issuer on every cluster that may serve the ` +
              `host`,
          ),
        );
        continue;
      }
      const solvers = asArray(asObj(asObj(issuer.resource.object.spec).acme).solvers).map(asObj);
      for (const host of shared) {
        const chosen = solverFor(solvers, host);
        if (!chosen || chosen.solver.dns01 !== undefined) continue;
        const key = `${issuer.unit.name}\u0000${issuerName}\u0000${chosen.index}`;
        if (reported.has(key)) continue;
        reported.add(key);
        out.push(
          ctx.report(
            issuer.resource,
            ['spec', 'acme', 'solvers', chosen.index],
            `ClusterIssuer ${issuerName} on ${i.cluster} solves ${host} by ` +
              `${chosen.solver.http01 !== undefined ? 'HTTP-01' : 'no DNS-01 solver'}` +
              `: it cannot pass there until DNS points at ${i.cluster}, so the ` +
              `certificate arrives after a failover; expected a dns01 solver for the ` +
              `hosts the DR switch moves`,
          ),
        );
      }
    }
    return out;
  },
};
