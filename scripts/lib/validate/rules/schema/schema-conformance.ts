import type { Rule } from '../../types.js';
import { schemaVerdict } from './shared.js';

export const schemaConformance: Rule = {
  id: 'SCH-007',
  name: 'schema-conformance',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description: 'Types, required fields, enum values, int-or-string and quantities match the schema.',
  remediation:
    'Give the field the type, value or required sibling the message names (e.g. a number instead of a ' +
    'string, an allowed enum value).',
  check(ctx) {
    return ctx.unit.resources.flatMap((r) => {
      const v = schemaVerdict(ctx, r);
      if (v.status !== 'checked') return [];
      return v.issues.filter((i) => i.kind === 'conformance').map((i) => ctx.report(r, i.path, i.message));
    });
  },
};
