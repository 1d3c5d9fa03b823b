import type { Finding } from '../../../findings.js';
import { isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { decodeBase64, isConfigMap, isCoreSecret, privateKeyHeader, stringsOf } from './patterns.js';

/** SCR-03: a PEM private key anywhere in the manifests, plain or base64-encoded in Secret data / ConfigMap binaryData.
 *
 */
export const privateKeyMaterial: Rule = {
  id: 'SCR-03',
  name: 'private-key-material',
  group: 'secrets',
  severity: 'error',
  scope: 'resource',
  description:
    'No value contains a PEM private key (-----BEGIN ... PRIVATE ' +
    'KEY-----), also after base64-decoding Secret data and ConfigMap ' +
    'binaryData.',
  remediation:
    'Remove the private key from the repo (and rotate it: it is in Git history); deliver it through an ' +
    'ExternalSecret from Vault.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      const encoded = isCoreSecret(r.object) ? 'data' : isConfigMap(r.object) ? 'binaryData' : undefined;
      for (const { value, path } of stringsOf(r.object)) {
        const inEncoded = encoded !== undefined && path.length === 2 && path[0] === encoded && isObj(r.object[encoded]);
        const plain = privateKeyHeader(value);
        const decoded = !plain && inEncoded ? decodeBase64(value) : undefined;
        const header = plain ?? (decoded !== undefined ? privateKeyHeader(decoded) : undefined);
        if (!header) continue;
        out.push(
          ctx.report(
            r,
            path,
            `${r.ref.kind} ${r.ref.name ?? '?'} contains private key material (` +
              `${header}${plain ? '' : ', base64-encoded'}); expected private keys ` +
              `only in Vault, delivered by an ExternalSecret (or cert-manager for ` +
              `TLS keys)`,
          ),
        );
      }
    }
    return out;
  },
};
