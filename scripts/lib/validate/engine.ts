import { formatPath, type FieldPath, type Finding, type Severity } from '../findings.js';
import type { SchemaSource } from '../schema/types.js';
import { DEFAULT_POLICY, severityIn, type Policy } from '../policy.js';
import type { ParityAllowList } from '../dr/allowlist.js';
import { asObj } from './k8s.js';
import { unknownValue } from '../suggest.js';
import { ALWAYS_REPORTED } from './rules/schema/input.js';
import { isRunRule, isUnitRule, unitNeedsOf, type RunRule, type UnitRule } from '../rules/types.js';
import type { ArgoContext, CheckContext, GlobalContext, Resource, Rule, RuleGroup, Unit } from './types.js';

/** Annotation that waives one rule on one resource: `waive.his.zarishsphere.com/<RULE-ID>: "<reason>
 * [expires=YYYY-MM-DD]"`.
 */
export const WAIVER_PREFIX = 'waive.his.zarishsphere.com/';

export const WAIVER_RULE_ID = 'WVR-001';

export interface EngineOptions {
  readonly rules: readonly Rule[];
  /** only rules of these groups; all when undefined */
  readonly groups?: ReadonlySet<RuleGroup> | undefined;
  readonly schemas: readonly SchemaSource[];
  /** overrides every unit's target version (--kube-version) */
  readonly kubeVersion?: string | undefined;
  /** allowances and per-environment severities (policy.yaml) */
  readonly policy?: Policy | undefined;
  /** "today", for waiver expiry */
  readonly now?: Date | undefined;
  /** Argo CD's model, for the checks that look across Applications */
  readonly argo?: ArgoContext | undefined;
  /** the differences dr may have from prod (overlays/dr/parity-allowlist.yaml) */
  readonly parityAllowList?: ParityAllowList | undefined;
}

interface ParsedWaiver {
  readonly ruleId: string;
  readonly reason: string;
  readonly expires?: string | undefined;
  /** set when the text mentions an expiry that is not a trailing [expires=YYYY-MM-DD] real date */
  readonly malformedExpiry?: string | undefined;
  readonly key: string;
}

const EXPIRY = /\s*\[?expires=(\d{4}-\d{2}-\d{2})\]?\s*$/;

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

const NO_WAIVERS: readonly ParsedWaiver[] = Object.freeze([]);
/** Each resource's waivers, read once: a streamed resource's value is gone when a later check reports on it. */
const waiverMemo = new WeakMap<Resource, readonly ParsedWaiver[]>();

function waiversOf(resource: Resource): readonly ParsedWaiver[] {
  let memo = waiverMemo.get(resource);
  if (!memo) {
    const found = readWaivers(resource);
    memo = found.length === 0 ? NO_WAIVERS : found;
    waiverMemo.set(resource, memo);
  }
  return memo;
}

function readWaivers(resource: Resource): ParsedWaiver[] {
  const annotations = asObj(asObj(resource.object.metadata).annotations);
  const out: ParsedWaiver[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(WAIVER_PREFIX)) continue;
    const text = String(value ?? '').trim();
    const match = EXPIRY.exec(text);
    const reason = (match ? text.slice(0, match.index) : text).trim();
    // An expiry that is misspelt, not at the end, or not a real date must not make a waiver permanent.
    const malformedExpiry = match
      ? isCalendarDate(match[1] as string)
        ? undefined
        : match[1]
      : /expires?\s*[=:]/i.test(text)
        ? text.slice(text.search(/expires?\s*[=:]/i))
        : undefined;
    out.push({ ruleId: key.slice(WAIVER_PREFIX.length), reason, expires: match?.[1], malformedExpiry, key });
  }
  return out;
}

function waiverProblems(unit: Unit, known: ReadonlySet<string>, today: string): Finding[] {
  const out: Finding[] = [];
  for (const r of unit.resources) {
    for (const w of waiversOf(r)) {
      const path: FieldPath = ['metadata', 'annotations', w.key];
      const problem = !known.has(w.ruleId)
        ? `waiver names an ${unknownValue('rule', w.ruleId, [...known], 'a rule id from --list-rules')}`
        : w.ruleId === WAIVER_RULE_ID
          ? `waiver names ${WAIVER_RULE_ID}, which cannot be waived: it reports ` +
            `broken waivers (expected the id of the rule whose finding this ` +
            `resource accepts)`
          : !w.reason
            ? `waiver for ${w.ruleId} has no reason (expected "<why this is acceptable> [expires=YYYY-MM-DD]")`
            : w.malformedExpiry
              ? `waiver for ${w.ruleId} has an expiry that cannot be read: "` +
                `${w.malformedExpiry}" (expected "[expires=YYYY-MM-DD]" with a real ` +
                `date, at the end)`
              : w.expires && w.expires < today
                ? `waiver for ${w.ruleId} expired on ${w.expires} (renew it with a new date, or fix the finding)`
                : undefined;
      if (problem) {
        const at = r.locate(path);
        out.push({
          ruleId: WAIVER_RULE_ID,
          severity: 'error',
          message: problem,
          file: at.file,
          line: at.line,
          path: formatPath(path),
          resource: r.ref,
          unit: unit.name,
        });
      }
    }
  }
  return out;
}

function validWaiver(
  resource: Resource,
  ruleId: string,
  today: string,
): { reason: string; expires?: string | undefined } | undefined {
  const w = waiversOf(resource).find((x) => x.ruleId === ruleId);
  if (!w?.reason || w.malformedExpiry || (w.expires && w.expires < today)) return undefined;
  return { reason: w.reason, expires: w.expires };
}

function makeReporter(rule: Rule, severity: Severity, unitName: string, today: string, reported: WeakSet<Finding>) {
  return (resource: Resource, path: FieldPath, message: string, explicit?: Severity): Finding => {
    const at = resource.locate(path);
    const finding: Finding = {
      ruleId: rule.id,
      severity: explicit ?? severity,
      message,
      file: at.file,
      line: at.line,
      path: formatPath(path),
      resource: resource.ref,
      unit: unitName,
      waived: validWaiver(resource, rule.id, today),
    };
    reported.add(finding);
    return finding;
  };
}

/** The per-unit checks of one unit read in parts (scripts/lib/model/stream-load.ts). */
export interface StreamedUnitCheck {
  /** runs the checks that read one resource at a time on these resources (a part of the unit) */
  part(resources: readonly Resource[], loadFindings: readonly Finding[]): void;
  /** runs the checks that need the whole unit (its index: see RuleMeta.unitNeeds); every finding, as unit() gives */
  finish(unit: Unit): Finding[];
}

export interface Checker {
  /** the per-unit checks of one unit (call as soon as the unit is loaded) */
  unit(unit: Unit): Finding[];
  /**
   * The same checks for a unit read in parts: the checks of each resource run on each part, the
   * others at the end on the whole unit, whose resources may no longer hold their values.
   */
  streamed(shape: Omit<Unit, 'resources' | 'loadFindings'>, keep?: (f: Finding) => Finding): StreamedUnitCheck;
  /** the cross-unit checks, once, after every unit (Argo CD's model may only be known by then) */
  global(units: readonly Unit[], argo?: ArgoContext, only?: (rule: RunRule) => boolean): Finding[];
  /** a finding of a rule whose verdict comes from elsewhere (the API server), with its severity and waivers */
  report(ruleId: string, resource: Resource, path: FieldPath, message: string): Finding;
}

/** A checker for one run: the per-unit and cross-unit halves can be interleaved with rendering. */
export function createChecker(options: EngineOptions): Checker {
  const rules = options.rules.filter((r) => !options.groups || options.groups.has(r.group));
  const selected = new Set(rules.map((r) => r.id));
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const known = new Set(options.rules.map((r) => r.id));
  const policy = options.policy ?? DEFAULT_POLICY;
  const reported = new WeakSet<Finding>();
  const environments = new Map<string, string | undefined>();
  const check = (rule: UnitRule, unit: Unit, findings: Finding[]): void => {
    const severity: Severity = severityIn(policy, rule.id, unit.environment, rule.severity);
    const ctx: CheckContext = {
      unit,
      schemas: options.schemas,
      kubeVersion: options.kubeVersion ?? unit.kubernetesVersion,
      policy,
      report: makeReporter(rule, severity, unit.name, today, reported),
    };
    // Findings made by report() carry their severity; the loader's get the rule's configured one.
    for (const f of rule.check(ctx)) findings.push(reported.has(f) || f.severity === severity ? f : { ...f, severity });
  };
  // a target or file that could not be read was not checked at all: never silent, whatever --only says
  const alwaysReported = (unit: Unit): Finding[] =>
    unit.loadFindings.filter((f) => ALWAYS_REPORTED.has(f.ruleId) && !selected.has(f.ruleId));
  const unitRules = rules.filter(isUnitRule);
  return {
    unit(unit) {
      environments.set(unit.name, unit.environment);
      const findings: Finding[] = [];
      for (const rule of unitRules) check(rule, unit, findings);
      findings.push(...waiverProblems(unit, known, today));
      findings.push(...alwaysReported(unit));
      return findings;
    },
    streamed(shape, keep = (f) => f) {
      environments.set(shape.name, shape.environment);
      // Each rule's findings in the order unit() gives them: rule by rule, each over the parts in order.
      const byRule = new Map<UnitRule, Finding[]>(unitRules.map((r) => [r, []]));
      const waivers: Finding[] = [];
      const perResource = unitRules.filter((r) => unitNeedsOf(r) === 'none');
      return {
        part(resources, loadFindings) {
          const unit: Unit = { ...shape, resources, loadFindings };
          for (const rule of perResource) {
            const found: Finding[] = [];
            check(rule, unit, found);
            const all = byRule.get(rule) as Finding[];
            for (const f of found) all.push(keep(f));
          }
          for (const f of waiverProblems(unit, known, today)) waivers.push(keep(f));
        },
        finish(unit) {
          for (const rule of unitRules)
            if (unitNeedsOf(rule) !== 'none') check(rule, unit, byRule.get(rule) as Finding[]);
          return [...[...byRule.values()].flat(), ...waivers, ...alwaysReported(unit)];
        },
      };
    },
    global(units, argo = options.argo, only = () => true) {
      const findings: Finding[] = [];
      const environmentOf = new Map(units.map((u) => [u.name, u.environment]));
      for (const rule of rules) {
        // An Argo CD rule without Argo CD's model (bump, promote) would check nothing: it does not run.
        if (!isRunRule(rule) || (rule.needsArgo && !argo) || !only(rule)) continue;
        const ctx: GlobalContext = {
          units,
          schemas: options.schemas,
          policy,
          argo,
          parityAllowList: options.parityAllowList,
          report: (resource, path, message, explicit) =>
            makeReporter(
              rule,
              severityIn(policy, rule.id, environmentOf.get(resource.unit), rule.severity),
              resource.unit,
              today,
              reported,
            )(resource, path, message, explicit),
        };
        findings.push(...rule.check(ctx));
      }
      return findings;
    },
    report(ruleId, resource, path, message) {
      const rule = options.rules.find((r) => r.id === ruleId);
      if (!rule) throw new Error(`unknown rule ${ruleId}`);
      const environment = resource.unit === undefined ? undefined : environments.get(resource.unit);
      return makeReporter(
        rule,
        severityIn(policy, rule.id, environment, rule.severity),
        resource.unit,
        today,
        reported,
      )(resource, path, message);
    },
  };
}

/**
 * Whether the per-unit checks of these rules can run on a unit read in parts (Checker.streamed):
 * no rule runs across units, and none needs the values of every resource of its unit.
 */
export function checksInParts(rules: readonly Rule[]): boolean {
  return rules.every((r) => !isRunRule(r) && (!isUnitRule(r) || unitNeedsOf(r) !== 'objects'));
}

/** Runs the selected rules over every unit, then the cross-unit ones once, and returns every finding, waivers applied.
 *
 */
export function runChecks(units: readonly Unit[], options: EngineOptions): Finding[] {
  const checker = createChecker(options);
  return [...units.flatMap((u) => checker.unit(u)), ...checker.global(units)];
}
