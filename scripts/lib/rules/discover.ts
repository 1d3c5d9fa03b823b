/**
 * Finding rules without a hand-kept list: every module under a rules directory is imported (the
 * compiled .js under dist/, the .ts sources under tsx and vitest) and its exported rules collected.
 * A rule module must not import the module that discovers it (it would wait on itself).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GROUP_ORDER, SCOPES, type Rule } from './types.js';

const EXT = path.extname(fileURLToPath(import.meta.url));

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
export function isRule(value: unknown): value is Rule {
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

export const compareIds = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Report order: by group (GROUP_ORDER), then by id. */
export function compareRules(a: Rule, b: Rule): number {
  return GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || compareIds(a.id, b.id);
}

/** Every rule exported by a module under `dir` (absolute), in report order; an id defined twice throws. */
export async function discoverRules(dir: string): Promise<Rule[]> {
  const files = moduleFiles(dir);
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

/** The directory of a module, for discoverRules(path.join(here(import.meta.url), 'rules')). */
export function here(moduleUrl: string): string {
  return path.dirname(fileURLToPath(moduleUrl));
}
