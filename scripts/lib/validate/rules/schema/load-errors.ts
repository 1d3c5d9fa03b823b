import type { Rule } from '../../types.js';

/** Findings the loader raises while reading YAML, exposed as rules so they can be listed and selected. */
function loadRule(id: string, name: string, description: string, remediation: string): Rule {
  return {
    id,
    name,
    group: 'schema',
    severity: 'error',
    scope: 'resource',
    description,
    remediation,
    waivable: false,
    check: (ctx) => ctx.unit.loadFindings.filter((f) => f.ruleId === id),
  };
}

export const yamlParse = loadRule(
  'SCH-001',
  'yaml-parse',
  'Every document parses as YAML and is a mapping.',
  'Fix the YAML syntax at the line named (indentation, an unclosed quote or bracket) so each ' +
    'document is a mapping; remove stray scalar or list documents.',
);
export const duplicateKey = loadRule(
  'SCH-002',
  'duplicate-key',
  'No mapping, at any depth, has the same key twice.',
  'Delete or merge the repeated key: YAML keeps only one of them, so decide which value is meant.',
);
export const typeMeta = loadRule(
  'SCH-003',
  'type-meta',
  'Every object has a non-empty apiVersion and kind.',
  'Add apiVersion and kind at the top of the document (e.g. apiVersion: apps/v1, kind: Deployment).',
);
