import { asArray, asObj, groupOf, type Obj } from '../../k8s.js';
import type { Resource, Unit } from '../../types.js';

/** Argo CD's glob for project sourceRepos/destinations: '*' matches anything, '?' one character; '!' negates. */
export function argoGlobMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

/** Whether a list of patterns (with '!' denials) permits a value. */
export function permitted(patterns: readonly string[], value: string): boolean {
  const allow = patterns.filter((p) => !p.startsWith('!'));
  const deny = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return allow.some((p) => argoGlobMatch(p, value)) && !deny.some((p) => argoGlobMatch(p, value));
}

export function kindListed(list: unknown, apiVersion: string, kind: string): boolean {
  return asArray(list).some((e) => {
    const entry = asObj(e);
    return (
      argoGlobMatch(String(entry.group ?? ''), groupOf(apiVersion)) && argoGlobMatch(String(entry.kind ?? ''), kind)
    );
  });
}

export function projectNamed(projects: readonly Obj[], name: string): Obj | undefined {
  return projects.find((p) => asObj(p.metadata).name === name);
}

export function unitNamed(units: readonly Unit[], name: string): Unit | undefined {
  return units.find((u) => u.name === name);
}

/** The resource in `units` that is this Application or ApplicationSet (for locations). */
export function resourceNamed(units: readonly Unit[], kind: string, name: string): Resource | undefined {
  for (const u of units) {
    const r = u.resources.find(
      (x) => x.ref.kind === kind && x.ref.name === name && x.ref.apiVersion.startsWith('argoproj.io/'),
    );
    if (r) return r;
  }
  return undefined;
}
