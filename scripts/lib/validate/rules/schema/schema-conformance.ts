import type { Rule } from '../../types.js';
import { schemaVerdict } from './shared.js';

export const schemaConformance: Rule = {
  id: 'SCH-007',
  name: 'schema-conformance',
  group: 'schema',
  severity: 'error',
  description: 'Types, required fields, enum values, int-or-string and quantities match the schema.',
  check(ctx) {
    return ctx.unit.resources.flatMap((r) => {
      const v = schemaVerdict(ctx, r);
      if (v.status !== 'checked') return [];
      return v.issues.filter((i) => i.kind === 'conformance').map((i) => ctx.report(r, i.path, i.message));
    });
  },
};
