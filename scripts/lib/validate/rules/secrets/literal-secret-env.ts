import type { Finding } from '../../../findings.js';
import { asArray, asObj, podsOf } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { embeddedPassword, isCredentialName, isPlaceholder } from './patterns.js';

/** SCR-05: credentials written as literal env values end up in Git, in `kubectl describe` and in every pod spec
 * reader's hands.
 */
export const literalSecretEnv: Rule = {
  id: 'SCR-05',
  name: 'literal-secret-env',
  group: 'secrets',
  severity: 'error',
  scope: 'resource',
  description:
    'No container env sets a credential-named variable or a connection ' +
    'string with a password as a literal value (use ' +
    'valueFrom.secretKeyRef).',
  remediation: 'Replace the literal value with valueFrom.secretKeyRef to a Secret produced by an ExternalSecret.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { resource: r, containers } of podsOf(ctx.unit)) {
      for (const c of containers) {
        asArray(c.container.env).forEach((e, i) => {
          const env = asObj(e);
          const name = String(env.name ?? '');
          if (typeof env.value !== 'string' || isPlaceholder(env.value)) return;
          const connection = embeddedPassword(env.value);
          const why = isCredentialName(name)
            ? `env ${name} of container "${c.name}" is a credential set as a literal value`
            : connection
              ? `env ${name} of container "${c.name}" holds ` +
                (connection.startsWith('a ')
                  ? connection
                  : `a connection string with an embedded password (${connection})`)
              : undefined;
          if (why)
            out.push(
              ctx.report(
                r,
                [...c.path, 'env', i, 'value'],
                `${why}; expected valueFrom.secretKeyRef to a Secret produced by an ExternalSecret`,
              ),
            );
        });
      }
    }
    return out;
  },
};
