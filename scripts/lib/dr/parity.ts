/**
 * DR-001 prod/dr parity: the dr render must equal the prod render except for the allow list.
 * Pure functions over two rendered units.
 */
import { formatPath, type FieldPath, type Finding, type Severity } from '../findings.js';
import { DEFAULT_POLICY, severityIn, type Policy } from '../policy.js';
import { asObj, groupOf, isObj, parseQuantity } from '../validate/k8s.js';
import { combineUnits } from '../model/combine.js';
import type { Resource, Unit } from '../model/types.js';
import { coversPath, loadParityAllowList, type AllowEntry, type ParityAllowList } from './allowlist.js';

export const PARITY_RULE_ID = 'DR-001';

export interface Difference {
  readonly path: FieldPath;
  /** undefined: absent on that side */
  readonly prod: unknown;
  readonly dr: unknown;
}

/** Leaf-level differences of two objects: maps by key, lists by index. */
export function differences(prod: unknown, dr: unknown, path: FieldPath = []): Difference[] {
  if (prod === dr) return [];
  if (isObj(prod) && isObj(dr)) {
    const keys = [...new Set([...Object.keys(prod), ...Object.keys(dr)])].sort();
    return keys.flatMap((k) => differences(prod[k], dr[k], [...path, k]));
  }
  if (Array.isArray(prod) && Array.isArray(dr)) {
    const out: Difference[] = [];
    for (let i = 0; i < Math.max(prod.length, dr.length); i++) out.push(...differences(prod[i], dr[i], [...path, i]));
    return out;
  }
  if (JSON.stringify(prod) === JSON.stringify(dr)) return [];
  return [{ path, prod, dr }];
}

/** (group, kind, name); a Namespace named after prod's namespace matches dr's (the allow list's namespaces). */
function keyOf(r: Resource, rename?: { readonly prod: string; readonly dr: string }): string {
  const name = r.ref.kind === 'Namespace' && rename && r.ref.name === rename.prod ? rename.dr : (r.ref.name ?? '');
  return `${groupOf(r.ref.apiVersion)}/${r.ref.kind}/${name}`;
}

function describe(r: Resource): string {
  const group = groupOf(r.ref.apiVersion);
  return `${r.ref.kind}${group ? `.${group}` : ''} ${r.ref.name ?? '(unnamed)'}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Every quantity under `value` (a quantity itself, or a map of them). */
function quantities(value: unknown): Map<string, number> | undefined {
  const q = parseQuantity(value);
  if (q !== undefined) return new Map([['', q]]);
  if (!isObj(value)) return undefined;
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(value)) {
    const inner = quantities(v);
    if (!inner) return undefined;
    for (const [ik, iv] of inner) out.set(ik ? `${k}.${ik}` : k, iv);
  }
  return out;
}

function drNotLarger(d: Difference): boolean {
  const p = quantities(d.prod);
  const r = quantities(d.dr);
  if (!p || !r) return false;
  for (const [k, v] of r) {
    const pv = p.get(k);
    if (pv === undefined || v > pv) return false;
  }
  return true;
}

function entryApplies(entry: AllowEntry, r: Resource): boolean {
  return (
    entry.kind === r.ref.kind &&
    (entry.group === undefined || entry.group === groupOf(r.ref.apiVersion)) &&
    (entry.name === undefined || entry.name === r.ref.name)
  );
}

/** Is this difference allowed: a namespace rename, or an allow-list entry covering the path? */
export function allowed(d: Difference, r: Resource, allowList: ParityAllowList): AllowEntry | 'namespace' | undefined {
  const ns = allowList.namespaces;
  if (ns && typeof d.prod === 'string' && typeof d.dr === 'string') {
    // The namespace name as a whole DNS label (x.zarish-his-prod.svc), not inside another word.
    const label = new RegExp(`(?<![a-z0-9-])${ns.prod.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9-])`, 'g');
    if (label.test(d.prod) && d.prod.replace(label, ns.dr) === d.dr) return 'namespace';
  }
  return allowList.allow.find(
    (e) =>
      entryApplies(e, r) &&
      e.paths.some((p) => coversPath(p, d.path)) &&
      (e.drMayBe !== 'smaller-or-equal' || drNotLarger(d)),
  );
}

export interface ParityOptions {
  readonly allowList: ParityAllowList;
  readonly severity?: Severity | undefined;
}

/**
 * Findings (DR-001) for every way dr differs from prod that the allow list does not cover.
 * Resources are matched by (group, kind, name), namespace ignored; metadata.namespace itself is
 * never compared. Locations point at the dr source where it can be traced.
 */
export function parityFindings(prod: Unit, dr: Unit, options: ParityOptions): Finding[] {
  const severity = options.severity ?? 'error';
  const out: Finding[] = [];
  const drByKey = new Map(dr.resources.map((r) => [keyOf(r), r]));
  const rename = options.allowList.namespaces;
  const prodByKey = new Map(prod.resources.map((r) => [keyOf(r, rename), r]));
  // a finding on a dr resource belongs to its own unit (one of several when dr is deployed by several)
  const finding = (r: Resource, unit: Unit | string, path: FieldPath, message: string): Finding => {
    const at = r.locate(path);
    return {
      ruleId: PARITY_RULE_ID,
      severity,
      message,
      file: at.file,
      line: at.line,
      path: formatPath(path),
      resource: r.ref,
      unit: typeof unit === 'string' ? unit : unit.name,
    };
  };
  for (const p of prod.resources) {
    const d = drByKey.get(keyOf(p, rename));
    if (!d) {
      out.push(
        finding(p, dr, [], `${describe(p)} is in prod but missing in dr (expected dr to run everything prod runs)`),
      );
      continue;
    }
    const strip = (o: Record<string, unknown>): Record<string, unknown> => ({
      ...o,
      metadata: { ...asObj(o.metadata), namespace: undefined },
    });
    for (const diff of differences(strip(p.object), strip(d.object))) {
      if (allowed(diff, d, options.allowList)) continue;
      out.push(
        finding(
          d,
          d.unit,
          diff.path,
          `${describe(d)}: ${formatPath(diff.path)} is ${show(diff.dr)} in dr ` +
            `but ${show(diff.prod)} in prod (expected dr to equal prod; if ` +
            `intended, add the path to ${options.allowList.file} with the reason)`,
        ),
      );
    }
  }
  for (const d of dr.resources) {
    if (!prodByKey.has(keyOf(d)))
      out.push(
        finding(d, d.unit, [], `${describe(d)} is only in dr (expected dr to run what prod runs, nothing more)`),
      );
  }
  return out;
}

/**
 * The prod and dr units of a run, when both were rendered. An environment deployed by several
 * Applications (one per group of services, say) is compared as a whole: one unit holding the
 * resources of all of them, named after the environment and how many there are.
 */
export function prodAndDr(units: readonly Unit[]): { prod: Unit; dr: Unit } | undefined {
  const prod = environmentUnit(units, 'prod');
  const dr = environmentUnit(units, 'dr');
  return prod && dr ? { prod, dr } : undefined;
}

function environmentUnit(units: readonly Unit[], environment: string): Unit | undefined {
  const of = units.filter((u) => u.environment === environment);
  return combineUnits(of, `${environment} (${of.length} Applications)`);
}

/** Cross-unit parity over a run's units (nothing unless both prod and dr are among them). */
export function parityOverUnits(
  units: readonly Unit[],
  allowList: ParityAllowList,
  policy: Policy = DEFAULT_POLICY,
): Finding[] {
  const pair = prodAndDr(units);
  if (!pair) return [];
  return parityFindings(pair.prod, pair.dr, { allowList, severity: severityIn(policy, PARITY_RULE_ID, 'dr', 'error') });
}

/** Loader + check in one call, for validate's run.ts: reads the allow list under `root`. */
export async function drCrossUnitFindings(
  root: string,
  units: readonly Unit[],
  policy: Policy = DEFAULT_POLICY,
): Promise<Finding[]> {
  if (!prodAndDr(units)) return [];
  return parityOverUnits(units, await loadParityAllowList(root), policy);
}
