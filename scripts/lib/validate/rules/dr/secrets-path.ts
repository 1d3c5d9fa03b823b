import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isKind, resourcesOf } from './shared.js';

/**
 * DR-003: a Vault Kubernetes auth mount verifies ServiceAccount tokens against one cluster's API
 * server (its kubernetes_host and CA), so two clusters logging in at the same mount means one site's
 * ExternalSecrets all fail: image pull secret, database credentials, replication TLS, object store.
 */
export const drSecretsPath: Rule = {
  id: 'DR-003',
  name: 'dr-secrets-path',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  description:
    'Each cluster logs in to Vault at its own Kubernetes auth mount: no ' +
    'two clusters share a (Vault server, mountPath) in their SecretStores ' +
    'and ClusterSecretStores.',
  remediation: 'Give each cluster its own Vault Kubernetes auth mountPath in its SecretStores and ClusterSecretStores.',
  check(ctx) {
    const stores = resourcesOf(
      ctx,
      (r) =>
        (isKind(r, 'external-secrets.io', 'SecretStore') || isKind(r, 'external-secrets.io', 'ClusterSecretStore')) &&
        asObj(asObj(asObj(asObj(r.object.spec).provider).vault).auth).kubernetes !== undefined,
    ).filter((s) => s.cluster !== undefined);
    const keyOf = (o: Record<string, unknown>): { key: string; mount: string; server: string } => {
      const vault = asObj(asObj(asObj(o.spec).provider).vault);
      const mount = String(asObj(asObj(vault.auth).kubernetes).mountPath ?? 'kubernetes');
      return { key: `${String(vault.server ?? '')}\u0000${mount}`, mount, server: String(vault.server ?? '') };
    };
    const clustersByKey = new Map<string, Set<string>>();
    for (const s of stores) {
      const { key } = keyOf(s.resource.object);
      clustersByKey.set(key, (clustersByKey.get(key) ?? new Set()).add(s.cluster as string));
    }
    const out: Finding[] = [];
    for (const s of stores) {
      const { key, mount, server } = keyOf(s.resource.object);
      const clusters = [...(clustersByKey.get(key) ?? [])].sort();
      if (clusters.length < 2) continue;
      const written =
        asObj(asObj(asObj(asObj(asObj(s.resource.object.spec).provider).vault).auth).kubernetes).mountPath !==
        undefined;
      out.push(
        ctx.report(
          s.resource,
          ['spec', 'provider', 'vault', 'auth', 'kubernetes', ...(written ? ['mountPath'] : [])],
          `Vault Kubernetes auth mount "${mount}" on ${server} is used by ` +
            `clusters ${clusters.join(' and ')}: a mount verifies tokens against ` +
            `one cluster's API server, so ${s.cluster}'s ExternalSecrets can fail; ` +
            `expected one mount per cluster (e.g. kubernetes-${s.cluster})`,
        ),
      );
    }
    return out;
  },
};
