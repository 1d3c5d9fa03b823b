import { asObj, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../../k8s.js';
import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';

/** Kinds whose names the API server validates as DNS-1123 labels (63 characters), not subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);
/** Kinds whose names are path segments with their own rules (RBAC allows ':' etc.): only length and '/' checked. */
const PATH_SEGMENT_NAMED = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export const objectMeta: Rule = {
  id: 'SCH-009',
  name: 'object-meta',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'metadata.name (or generateName) is present and a valid DNS-1123 name; ' +
    'label keys and values and annotation keys are well formed.',
  remediation:
    'Give the resource a metadata.name that is a lowercase DNS-1123 name (a-z, 0-9, "-", at most 253 ' +
    'characters) and fix the malformed label or annotation key or value.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      const metadata = asObj(r.object.metadata);
      const name = metadata.name;
      if (typeof name !== 'string' || name === '') {
        if (typeof metadata.generateName !== 'string')
          out.push(ctx.report(r, ['metadata'], 'metadata.name is missing (expected a name, or generateName)'));
      } else {
        const kind = r.ref.kind;
        const problem = PATH_SEGMENT_NAMED.has(kind)
          ? name.includes('/') || name === '.' || name === '..'
            ? `"${name}" is not a valid ${kind} name (no '/', not '.' or '..')`
            : undefined
          : LABEL_NAMED.has(kind)
            ? dns1123Label(name)
            : dns1123Subdomain(name);
        if (problem) out.push(ctx.report(r, ['metadata', 'name'], `${kind} name ${problem}`));
      }
      for (const [key, value] of Object.entries(asObj(metadata.labels))) {
        const problem = qualifiedName(key) ?? labelValue(value);
        if (problem) out.push(ctx.report(r, ['metadata', 'labels', key], `label ${problem}`));
      }
      for (const key of Object.keys(asObj(metadata.annotations))) {
        const problem = qualifiedName(key);
        if (problem) out.push(ctx.report(r, ['metadata', 'annotations', key], `annotation ${problem}`));
      }
      if (
        metadata.namespace !== undefined &&
        (typeof metadata.namespace !== 'string' || dns1123Label(metadata.namespace))
      ) {
        out.push(
          ctx.report(
            r,
            ['metadata', 'namespace'],
            `namespace ${dns1123Label(String(metadata.namespace)) ?? 'must be a string'}`,
          ),
        );
      }
    }
    return out;
  },
};
