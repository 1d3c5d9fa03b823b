/**
 * Findings that share one root cause become one: the same rule and severity, written at the same
 * source file:line, with the same message once the resource and unit it names are taken out. A
 * base file read by four environments, or a project that denies the 76 resources of an
 * Application, is one thing to fix; the collapsed finding lists what it affects.
 */
import type { Finding, ResourceRef, Severity } from '../findings.js';
import { resourceLabel } from './types.js';

export interface Affected {
  readonly unit: string;
  readonly resource?: ResourceRef | undefined;
}

export interface RootCause {
  /** the first finding: rule, severity, file, line, path and message shown */
  readonly finding: Finding;
  /** every finding collapsed into this one (at least the first) */
  readonly findings: readonly Finding[];
  /** distinct (unit, resource) pairs, in order */
  readonly affected: readonly Affected[];
  /** distinct units, in order */
  readonly units: readonly string[];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every whole-word occurrence of `name` replaced by `by`. */
const replaceName = (text: string, name: string, by: string): string =>
  text.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(name)}(?![\\w-])`, 'g'), by);

/** The message with the names of its own resource and unit replaced, so that siblings compare equal. */
export function messageShape(f: Finding): string {
  const r = f.resource;
  const names = [
    f.unit,
    r?.name,
    r?.namespace,
    r?.name && `${r.kind} ${r.name}`,
    r?.name && r.namespace && `${r.kind} ${r.namespace}/${r.name}`,
  ].filter((n): n is string => Boolean(n));
  let shape = f.message;
  // longest first: a unit name often contains a namespace or resource name
  for (const name of [...new Set(names)].sort((a, b) => b.length - a.length))
    shape = replaceName(shape, name, '\u0000');
  return shape;
}

/** The key two findings with one root cause share. */
export function rootCauseKey(f: Finding): string {
  return [f.ruleId, f.severity, f.waived ? 'waived' : '', f.file, f.line, messageShape(f)].join('\u0001');
}

/** Collapses findings with one root cause, in the order of their first finding. */
export function collapseFindings(findings: readonly Finding[]): RootCause[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = rootCauseKey(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((group) => {
    const affected = new Map<string, Affected>();
    for (const f of group)
      affected.set(`${f.unit}\u0000${resourceLabel(f.resource)}`, { unit: f.unit, resource: f.resource });
    return {
      finding: group[0] as Finding,
      findings: group,
      affected: [...affected.values()],
      units: [...new Set(group.map((f) => f.unit))],
    };
  });
}

export interface CollapsedCounts {
  /** root causes per severity, unwaived */
  readonly causes: Record<Severity, number>;
  /** findings per severity, unwaived */
  readonly findings: Record<Severity, number>;
  /** resources affected per severity, unwaived */
  readonly resources: Record<Severity, number>;
  readonly waivedCauses: number;
  readonly waivedFindings: number;
}

export function collapsedCounts(causes: readonly RootCause[]): CollapsedCounts {
  const zero = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0 });
  const out = { causes: zero(), findings: zero(), resources: zero(), waivedCauses: 0, waivedFindings: 0 };
  for (const c of causes) {
    if (c.finding.waived) {
      out.waivedCauses++;
      out.waivedFindings += c.findings.length;
      continue;
    }
    out.causes[c.finding.severity]++;
    out.findings[c.finding.severity] += c.findings.length;
    out.resources[c.finding.severity] += c.affected.length;
  }
  return out;
}

/**
 * What the affected resources are: "Cluster a, ConfigMap b and 70 more (zarish-his-staging)" in one
 * unit, else "Deployment patient-registry (zarish-his-dev, zarish-his-prod), ...".
 */
export function affectedText(cause: RootCause, limit = 6): string {
  const byResource = new Map<string, Set<string>>();
  for (const a of cause.affected) {
    // across environments the namespace differs and the unit says it: kind and name only
    const label = a.resource ? `${a.resource.kind} ${a.resource.name ?? '<unnamed>'}` : '(file)';
    byResource.set(label, (byResource.get(label) ?? new Set()).add(a.unit));
  }
  const more = (all: string[]): string =>
    all.length > limit ? `${all.slice(0, limit).join(', ')} and ${all.length - limit} more` : all.join(', ');
  if (cause.units.length === 1) return `${more([...byResource.keys()])} (${cause.units[0]})`;
  return more([...byResource].map(([label, units]) => `${label} (${[...units].join(', ')})`));
}

/**
 * The message of a root cause: its findings' own when they agree, else the first one's with the
 * names that vary across them replaced by <resource>, <namespace> or <unit>.
 */
export function causeMessage(cause: RootCause): string {
  const f = cause.finding;
  if (cause.findings.every((g) => g.message === f.message)) return f.message;
  const varies = (get: (g: Finding) => string | undefined): boolean => new Set(cause.findings.map(get)).size > 1;
  const r = f.resource;
  const swaps: [string | undefined, string][] = [];
  if (r && varies((g) => `${g.resource?.kind}/${g.resource?.name}`)) {
    if (r.namespace) swaps.push([`${r.kind} ${r.namespace}/${r.name}`, '<resource>']);
    swaps.push([r.name && `${r.kind} ${r.name}`, '<resource>'], [r.name, '<resource>']);
  }
  if (r?.namespace && varies((g) => g.resource?.namespace)) swaps.push([r.namespace, '<namespace>']);
  if (varies((g) => g.unit)) swaps.push([f.unit, '<unit>']);
  let text = f.message;
  for (const [name, by] of swaps.sort((a, b) => (b[0]?.length ?? 0) - (a[0]?.length ?? 0)))
    if (name) text = replaceName(text, name, by);
  return text;
}
