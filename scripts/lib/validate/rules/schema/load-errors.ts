import type { Rule } from '../../types.js';

/** Findings the loader raises while reading YAML, exposed as rules so they can be listed and selected. */
function loadRule(id: string, name: string, description: string): Rule {
  return {
    id,
    name,
    group: 'schema',
    severity: 'error',
    description,
    check: (ctx) => ctx.unit.loadFindings.filter((f) => f.ruleId === id),
  };
}

export const yamlParse = loadRule('SCH-001', 'yaml-parse', 'Every document parses as YAML and is a mapping.');
export const duplicateKey = loadRule('SCH-002', 'duplicate-key', 'No mapping, at any depth, has the same key twice.');
export const typeMeta = loadRule('SCH-003', 'type-meta', 'Every object has a non-empty apiVersion and kind.');
