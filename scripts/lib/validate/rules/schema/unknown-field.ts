import type { Rule } from '../../types.js';
import { schemaVerdict } from './shared.js';

export const unknownField: Rule = {
  id: 'SCH-008',
  name: 'unknown-field',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'No field the schema does not declare, at any depth (typos, fields at ' +
    'the wrong level); map-typed and preserve-unknown-fields nodes ' +
    'excepted.',
  remediation:
    'Fix the field name (the message suggests the nearest known one) or move it to the level where the ' +
    'schema declares it; delete it if it is not a field of this kind.',
  check(ctx) {
    return ctx.unit.resources.flatMap((r) => {
      const v = schemaVerdict(ctx, r);
      if (v.status !== 'checked') return [];
      return v.issues.filter((i) => i.kind === 'unknown-field').map((i) => ctx.report(r, i.path, i.message));
    });
  },
};
