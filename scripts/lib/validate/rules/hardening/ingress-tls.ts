import type { Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';

/** Whether a TLS host entry covers a rule host ("*.example.com" covers one label). */
export function tlsCovers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (tlsHost.startsWith('*.') && !host.startsWith('*.')) {
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot) === tlsHost.slice(1);
  }
  return false;
}

/** SEC-H-08: every host an Ingress serves has a certificate. */
export const ingressTls: Rule = {
  id: 'SEC-H-08',
  name: 'ingress-tls',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    'Every spec.rules[*].host of an Ingress is listed in (or matched by a ' +
    'wildcard of) spec.tls[*].hosts, so it is served over HTTPS.',
  remediation: 'Add the host to spec.tls[*].hosts (with a certificate secret covering it), or remove the rule.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Ingress') continue;
      const spec = asObj(r.object.spec);
      const tlsHosts = asArray(spec.tls)
        .flatMap((t) => asArray(asObj(t).hosts))
        .filter((h): h is string => typeof h === 'string');
      asArray(spec.rules).forEach((rule, i) => {
        const host = asObj(rule).host;
        if (typeof host !== 'string' || host === '') return;
        if (tlsHosts.some((t) => tlsCovers(t, host))) return;
        const why =
          tlsHosts.length === 0 ? 'the Ingress has no spec.tls' : `spec.tls lists only ${tlsHosts.join(', ')}`;
        out.push(
          ctx.report(
            r,
            ['spec', 'rules', i, 'host'],
            `host ${host} is served without TLS: ${why} (expected the host in ` +
              `spec.tls[*].hosts with a certificate secret)`,
          ),
        );
      });
    }
    return out;
  },
};
