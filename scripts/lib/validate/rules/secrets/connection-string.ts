import type { Finding } from '../../../findings.js';
import { decodeBase64, embeddedPassword, isConfigMap, isCoreSecret, stringsOf } from './patterns.js';
import type { Rule } from '../../types.js';

/** Container env values: SCR-05 reports those. */
function isEnvValue(path: readonly (string | number)[]): boolean {
  const n = path.length;
  return n >= 3 && path[n - 1] === 'value' && typeof path[n - 2] === 'number' && path[n - 3] === 'env';
}

/**
 * SCR-06: a connection string with an embedded password (scheme://user:password@host, password=...) in a
 * ConfigMap value, its base64 binaryData, or any other manifest value. Secrets are SCR-01's; container env
 * literals are SCR-05's; templated values ({{ .password }}, $(VAR), ${VAR}) are not literals.
 */
export const connectionString: Rule = {
  id: 'SCR-06',
  name: 'connection-string',
  group: 'secrets',
  severity: 'error',
  scope: 'resource',
  description:
    'No ConfigMap value (or other manifest value) holds a connection string with an embedded literal password.',
  remediation:
    'Remove the password from the connection string and inject it from a Secret (an environment variable or ' +
    'a separate key).',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (isCoreSecret(r.object)) continue;
      const configMap = isConfigMap(r.object);
      for (const { value, path } of stringsOf(r.object)) {
        if (isEnvValue(path)) continue;
        const binary = configMap && path.length === 2 && path[0] === 'binaryData';
        const text = binary ? decodeBase64(value) : value;
        const found = text !== undefined ? embeddedPassword(text) : undefined;
        if (!found) continue;
        const what = found.startsWith('a ') ? found : `a connection string with an embedded password (${found})`;
        out.push(
          ctx.report(
            r,
            path,
            `${r.ref.kind} ${r.ref.name ?? '?'} holds ${what}` +
              `${binary ? ' (base64-encoded)' : ''}; expected the whole connection ` +
              `string (or its password) in a Secret produced by an ExternalSecret`,
          ),
        );
      }
    }
    return out;
  },
};
