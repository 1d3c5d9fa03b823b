import type { Finding } from '../../../findings.js';
import { asArray, asObj, type Obj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isKind, isMember, resourcesOf, selfOf } from './shared.js';

/** What an ExternalSecret reads from the secret store, as a comparable string. */
function remoteKeys(o: Obj): string {
  const spec = asObj(o.spec);
  const data = asArray(spec.data).map(
    (d) => `${asObj(d).secretKey}=${asObj(asObj(d).remoteRef).key}#${asObj(asObj(d).remoteRef).property ?? ''}`,
  );
  const from = asArray(spec.dataFrom).map((d) => JSON.stringify(d));
  return [...data, ...from].sort().join(',');
}

/**
 * DR-006: streaming replication across sites verifies certificates in both directions. Every member
 * sets spec.certificates.serverCASecret and clientCASecret to one CA that both read from the same
 * secret-store key, and its externalClusters verify the other side with that CA; otherwise each
 * Cluster signs with its own generated CA and one shared client certificate satisfies neither.
 */
export const drReplicationTls: Rule = {
  id: 'DR-006',
  name: 'dr-replication-tls',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  description:
    'Every member of the CloudNativePG distributed topology sets ' +
    'spec.certificates serverCASecret and clientCASecret to the same CA ' +
    'secret, produced in each unit from the same secret-store key, and ' +
    'verifies the other members (externalClusters sslRootCert) with it.',
  remediation:
    'Set spec.certificates serverCASecret and clientCASecret of every member to one CA secret produced from ' +
    'the same secret-store key, and verify peers with it in externalClusters sslRootCert.',
  check(ctx) {
    const members = resourcesOf(ctx, isMember);
    if (members.length < 2) return [];
    const out: Finding[] = [];
    const caOf = (o: Obj) => {
      const c = asObj(asObj(o.spec).certificates);
      return {
        server: typeof c.serverCASecret === 'string' ? c.serverCASecret : undefined,
        client: typeof c.clientCASecret === 'string' ? c.clientCASecret : undefined,
      };
    };
    const sources = new Map<string, { keys: string; self: string }>();
    for (const m of members) {
      const ca = caOf(m.resource.object);
      const self = selfOf(m.resource);
      if (!ca.server || !ca.client) {
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'certificates'],
            `member ${self} sets no ` +
              `${[!ca.server && 'serverCASecret', !ca.client && 'clientCASecret'].filter(Boolean).join(' and ')}` +
              `: it signs with its own generated CA, so the other site cannot verify ` +
              `it (nor it the other); expected both set to the CA secret every ` +
              `member shares`,
          ),
        );
        continue;
      }
      if (ca.server !== ca.client)
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'certificates', 'clientCASecret'],
            `member ${self}: clientCASecret ${ca.client} is not serverCASecret ` +
              `${ca.server}; expected one shared CA for server and streaming_replica ` +
              `certificates`,
          ),
        );
      asArray(asObj(m.resource.object.spec).externalClusters).forEach((e, i) => {
        const root = asObj(asObj(e).sslRootCert).name;
        if (root !== undefined && root !== ca.server)
          out.push(
            ctx.report(
              m.resource,
              ['spec', 'externalClusters', i, 'sslRootCert', 'name'],
              `member ${self} verifies ${String(asObj(e).name)} with ${String(root)}` +
                `, not the shared CA ${ca.server} that signs the other member's server ` +
                `certificate`,
            ),
          );
      });
      const producer = m.unit.resources.find(
        (r) =>
          (isKind(r, 'external-secrets.io', 'ExternalSecret') &&
            String(asObj(asObj(r.object.spec).target).name ?? r.ref.name) === ca.server) ||
          (r.ref.kind === 'Secret' && r.ref.apiVersion === 'v1' && r.ref.name === ca.server),
      );
      if (!producer) {
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'certificates', 'serverCASecret'],
            `member ${self}: nothing in ${m.unit.name} produces the CA secret ` +
              `${ca.server} (expected an ExternalSecret from the secret store both ` +
              `sites read)`,
          ),
        );
        continue;
      }
      sources.set(m.unit.name, {
        keys:
          producer.ref.kind === 'Secret'
            ? `secret:${JSON.stringify(producer.object.data ?? producer.object.stringData)}`
            : remoteKeys(producer.object),
        self,
      });
    }
    const distinct = new Set([...sources.values()].map((s) => s.keys));
    if (distinct.size > 1) {
      for (const m of members) {
        const s = sources.get(m.unit.name);
        if (s)
          out.push(
            ctx.report(
              m.resource,
              ['spec', 'certificates', 'serverCASecret'],
              `member ${s.self} reads its CA from ${s.keys}, the other members from ` +
                `elsewhere: expected one CA, read from the same secret-store key on ` +
                `every site`,
            ),
          );
      }
    }
    return out;
  },
};
