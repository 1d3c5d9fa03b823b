/**
 * The registry: every rule of the project, found by reading the rule directories, not from a
 * hand-kept list. A new rule is one module under scripts/lib/validate/rules/<group>/ (or
 * scripts/lib/diff/rules/) exporting a Rule; importing this module loads every module there (the
 * compiled .js under dist/, the .ts sources under tsx and vitest) and collects the exported rules.
 * Rule modules must not import this module (it would wait on itself).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GROUP_ORDER, SCOPES, type DiffRule, isDiffRule, type Rule } from './types.js';

const self = fileURLToPath(import.meta.url);
const EXT = path.extname(self);
/** The directories holding rule modules, relative to this one. */
const RULE_DIRS = ['../validate/rules', '../diff/rules'];

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return moduleFiles(full);
      return e.isFile() && e.name.endsWith(EXT) && !e.name.endsWith(`.d${EXT}`) ? [full] : [];
    });
}

/** An exported value that is a rule: its metadata, and a check or the name of what raises it. */
function isRule(value: unknown): value is Rule {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.group === 'string' &&
    typeof r.remediation === 'string' &&
    SCOPES.includes(r.scope as Rule['scope']) &&
    (typeof r.check === 'function' || typeof r.raisedBy === 'string')
  );
}

const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Report order: by group (GROUP_ORDER), then by id. */
export function compareRules(a: Rule, b: Rule): number {
  return GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || byId(a.id, b.id);
}

async function discover(): Promise<Rule[]> {
  const here = path.dirname(self);
  const files = RULE_DIRS.flatMap((d) => moduleFiles(path.resolve(here, d)));
  const modules = await Promise.all(
    files.map((f) => import(pathToFileURL(f).href) as Promise<Record<string, unknown>>),
  );
  const found = new Map<string, Rule>();
  for (const [i, mod] of modules.entries()) {
    for (const value of Object.values(mod)) {
      if (!isRule(value)) continue;
      const other = found.get(value.id);
      if (other && other !== value) throw new Error(`${files[i]}: rule ${value.id} is defined twice`);
      found.set(value.id, value);
    }
  }
  return [...found.values()].sort(compareRules);
}

/** Every rule: validate's (per unit, per run, engine- and server-raised) and diff's. */
export const ALL_RULES: readonly Rule[] = await discover();

/** validate's rules (everything but diff's), in report order. */
export const VALIDATE_RULES: readonly Rule[] = ALL_RULES.filter((r) => !isDiffRule(r));

/** diff's dangerous-change rules: deletions first (the order reports use), then by id. */
export const DIFF_RULES: readonly DiffRule[] = ALL_RULES.filter(isDiffRule).sort(
  (a, b) => Number(b.deletion) - Number(a.deletion) || byId(a.id, b.id),
);

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
