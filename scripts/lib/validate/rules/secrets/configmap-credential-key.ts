import type { Finding } from '../../../findings.js';
import { isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isConfigMap, isCredentialName } from './patterns.js';

/** SCR-02: ConfigMaps are readable by anyone who can read the namespace's config; credentials belong in Secrets. */
export const configMapCredentialKey: Rule = {
  id: 'SCR-02',
  name: 'configmap-credential-key',
  group: 'secrets',
  severity: 'error',
  scope: 'resource',
  description:
    'No ConfigMap key names a credential (password, token, secret, API or ' +
    'private key, cloud credentials) with a value.',
  remediation:
    'Move the credential out of the ConfigMap into Vault and reference it through an ' +
    'ExternalSecret-produced Secret.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!isConfigMap(r.object)) continue;
      for (const field of ['data', 'binaryData'] as const) {
        const map = r.object[field];
        if (!isObj(map)) continue;
        for (const [key, value] of Object.entries(map)) {
          if (value === null || value === undefined || String(value) === '') continue;
          if (!isCredentialName(key)) continue;
          out.push(
            ctx.report(
              r,
              [field, key],
              `ConfigMap ${r.ref.name ?? '?'} key "${key}" looks like a credential; ` +
                `expected it in a Secret produced by an ExternalSecret, referenced ` +
                `with secretKeyRef`,
            ),
          );
        }
      }
    }
    return out;
  },
};
