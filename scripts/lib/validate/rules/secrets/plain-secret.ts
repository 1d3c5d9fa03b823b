import type { Finding } from '../../../findings.js';
import { asObj, isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isCoreSecret } from './patterns.js';

/** Keys of a data/stringData map that carry a value (an empty string or null carries nothing). */
function filledKeys(value: unknown): string[] {
  if (!isObj(value)) return [];
  return Object.entries(value)
    .filter(([, v]) => v !== null && v !== undefined && String(v) !== '')
    .map(([k]) => k);
}

/**
 * Argo CD's declarative cluster and repository Secrets must be Secrets; their non-sensitive fields (name, server,
 * url, ...) may live in Git while the credentials (config, password, sshPrivateKey, ...) come from Vault.
 */
const ARGOCD_SECRET_TYPE = 'argocd.argoproj.io/secret-type';
const ARGOCD_PUBLIC_KEYS = new Set([
  'name',
  'server',
  'project',
  'namespaces',
  'clusterResources',
  'url',
  'type',
  'enableOCI',
  'insecure',
  'enableLfs',
  'forceHttpBasicAuth',
  'proxy',
  'noProxy',
  'depth',
]);

/** SCR-01: no Secret with values in Git; produce it with ExternalSecret (or SealedSecret / SOPS). */
export const plainSecret: Rule = {
  id: 'SCR-01',
  name: 'plain-secret',
  group: 'secrets',
  severity: 'error',
  scope: 'resource',
  description:
    'No core v1 Secret carries data or stringData in Git (produce it with ' +
    'an ExternalSecret from Vault); Argo CD cluster/repository Secrets may ' +
    'keep their non-credential fields (name, server, url).',
  remediation:
    'Remove data and stringData from the Secret and produce it with an ExternalSecret that reads the values ' +
    'from Vault.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!isCoreSecret(r.object)) continue;
      for (const field of ['data', 'stringData'] as const) {
        const argocd = asObj(asObj(r.object.metadata).labels)[ARGOCD_SECRET_TYPE] !== undefined;
        const keys = filledKeys(r.object[field]).filter((k) => !argocd || !ARGOCD_PUBLIC_KEYS.has(k));
        if (keys.length === 0) continue;
        const shown =
          keys
            .slice(0, 5)
            .map((k) => `"${k}"`)
            .join(', ') + (keys.length > 5 ? `, and ${keys.length - 5} more` : '');
        const how = field === 'data' ? 'base64 is an encoding, not encryption' : 'in clear text';
        const path = argocd ? [field, keys[0] as string] : [field];
        out.push(
          ctx.report(
            r,
            path,
            `Secret ${r.ref.name ?? '?'} has ${field} in Git (${shown}), ${how}` +
              `; expected no values here: an ExternalSecret (external-secrets.io) ` +
              `that writes this Secret from Vault` +
              `${argocd ? ' (for Argo CD Secrets, only name, server, url and the like may stay in Git)' : ''}`,
          ),
        );
      }
    }
    return out;
  },
};
