/**
 * One rule type for every check of the project: validate's per-unit and cross-unit rules, the DR
 * and Argo CD rules that look across units, diff's dangerous-change rules, and the rules whose
 * findings the engine, the loader or an API server raise. The metadata lives in the rule module;
 * the README rule table, `validate --list-rules`, SARIF help and docs/rules.md are generated from it
 * (scripts/lib/rules/docs.ts).
 */
import type { FieldPath, Finding, Severity } from '../findings.js';
import type { SchemaSource } from '../schema/types.js';
import type { Policy } from '../policy.js';
import type { ArgoModel } from '../argocd.js';
import type { ClusterDescription } from '../clusters.js';
import type { Target } from '../targets.js';
import type { ParityAllowList } from '../dr/allowlist.js';
import type { DiffResult } from '../diff/compare.js';
import type { Resource, Unit } from '../model/types.js';

export type RuleGroup =
  | 'schema'
  | 'security'
  | 'hardening'
  | 'secrets'
  | 'references'
  | 'capacity'
  | 'argocd'
  | 'dr'
  | 'operators'
  | 'server'
  | 'diff';

/** The groups in report order (README table, --list-rules, docs/rules.md). */
export const GROUP_ORDER: readonly RuleGroup[] = [
  'schema',
  'security',
  'hardening',
  'secrets',
  'references',
  'capacity',
  'argocd',
  'dr',
  'operators',
  'server',
  'diff',
];

/**
 * What one finding of the rule looks at: one resource, the resources of one unit (a deploy target
 * or a path argument) together, every unit of the run, or the change between two git refs.
 */
export type RuleScope = 'resource' | 'unit' | 'run' | 'diff';

export const SCOPES: readonly RuleScope[] = ['resource', 'unit', 'run', 'diff'];

/** What every rule says about itself. */
export interface RuleMeta {
  /** stable id: findings, waivers, policy.yaml and the docs anchor use it */
  readonly id: string;
  readonly name: string;
  readonly group: RuleGroup;
  /** the default severity (policy.yaml may change it per environment) */
  readonly severity: Severity;
  readonly scope: RuleScope;
  /** one line: what holds when the rule passes */
  readonly description: string;
  /** one line: what to change when it fails */
  readonly remediation: string;
  /**
   * false for findings raised while loading, before there is a resource to annotate (BLD, INP,
   * SCH-001..003) and for WVR-001: no waiver annotation applies to them
   */
  readonly waivable?: boolean;
  /**
   * What a check needs of the other resources of its unit, so that validate can stream a large
   * path argument (scripts/lib/model/stream-load.ts): 'none', each finding reads its own resource
   * only (the check may run on part of a unit at a time); 'index', only the unit's refs, start
   * locations, load findings and schema verdicts (kept for every resource while the values are
   * dropped); 'objects', the values of every resource. Default: 'none' for scope resource,
   * 'objects' for unit and run.
   */
  readonly unitNeeds?: 'none' | 'index' | 'objects';
}

export interface CheckContext {
  readonly unit: Unit;
  /** schema sources, asked in order (built-in kinds, the project's schemas/, --schema-location) */
  readonly schemas: readonly SchemaSource[];
  /** target Kubernetes minor for this unit ("1.28"), after --kube-version */
  readonly kubeVersion: string;
  /** the repo's policy.yaml (allowed registries, ...) */
  readonly policy: Policy;
  /**
   * Build a finding for this rule on a resource at a field path. Its severity is the rule's, after
   * policy.yaml; `severity` overrides it for this one finding (e.g. a Pod Security violation is an
   * error only where the namespace enforces that level).
   */
  report(resource: Resource, path: FieldPath, message: string, severity?: Severity): Finding;
}

/** What a check that looks across units sees: every unit, and Argo CD's model when there is one. */
export interface GlobalContext {
  readonly units: readonly Unit[];
  readonly schemas: readonly SchemaSource[];
  readonly policy: Policy;
  /** the Argo CD view of the repo (undefined when validating path arguments) */
  readonly argo: ArgoContext | undefined;
  /** overlays/dr/parity-allowlist.yaml: the differences dr may have from prod */
  readonly parityAllowList: ParityAllowList | undefined;
  /** build a finding on a resource of any unit (the unit is the resource's own) */
  report(resource: Resource, path: FieldPath, message: string, severity?: Severity): Finding;
}

/** Argo CD's model, as the argocd checks need it. */
export interface ArgoContext {
  readonly model: ArgoModel;
  readonly targets: readonly Target[];
  readonly clusters: readonly ClusterDescription[];
  /** generated Applications as resources, located in their ApplicationSet's template */
  readonly applications: readonly Resource[];
  /**
   * Path mode: the model holds only the Argo CD objects among the given files (no deploy
   * targets, no cluster descriptions), so checks needing those skip.
   */
  readonly pathMode: boolean;
}

export interface DiffRuleContext {
  readonly diff: DiffResult;
}

/** Checked once per unit (scope resource or unit). */
export interface UnitRule extends RuleMeta {
  readonly scope: 'resource' | 'unit';
  check(ctx: CheckContext): Finding[];
}

/** Checked once per run, across every unit (cross-Application, prod/DR and topology checks). */
export interface RunRule extends RuleMeta {
  readonly scope: 'run';
  /**
   * It checks Argo CD's model (Applications, AppProjects, cluster registrations): the engine runs it
   * only when the run has one (validate over the repo, or over paths holding Argo CD objects), never
   * over units rendered without it (bump, promote).
   */
  readonly needsArgo?: boolean;
  /**
   * It also runs over the selected targets alone when a selection (--target, --env) leaves the
   * cross-target checks out: what it checks holds of any set of targets (the quota checks count
   * what the selected Applications deploy to a namespace; a run over every target counts them all).
   */
  readonly onSelectedTargets?: boolean;
  check(ctx: GlobalContext): Finding[];
}

/** Checked once per `npm run diff`, on the change between two refs. */
export interface DiffRule extends RuleMeta {
  readonly scope: 'diff';
  /** deletion findings are shown first and are acknowledged (waived) by --allow-deletions */
  readonly deletion: boolean;
  check(ctx: DiffRuleContext): Finding[];
}

/**
 * A rule with no check of its own: its findings are raised by the engine (broken waivers) or come
 * from a real API server (validate --server). Listed so it can be documented, waived and configured.
 */
export interface RaisedRule extends RuleMeta {
  readonly raisedBy: 'engine' | 'server';
  readonly check?: undefined;
}

/** One check: one module under scripts/lib/validate/rules/<group>/ (or scripts/lib/diff/rules/). */
export type Rule = UnitRule | RunRule | DiffRule | RaisedRule;

export function isRaised(rule: Rule): rule is RaisedRule {
  return 'raisedBy' in rule;
}

export function isUnitRule(rule: Rule): rule is UnitRule {
  return !isRaised(rule) && (rule.scope === 'resource' || rule.scope === 'unit');
}

export function isRunRule(rule: Rule): rule is RunRule {
  return !isRaised(rule) && rule.scope === 'run';
}

export function isDiffRule(rule: Rule): rule is DiffRule {
  return !isRaised(rule) && rule.scope === 'diff';
}

/** What a unit or resource rule needs of the rest of its unit ({@link RuleMeta.unitNeeds}). */
export function unitNeedsOf(rule: Rule): 'none' | 'index' | 'objects' {
  return rule.unitNeeds ?? (rule.scope === 'resource' ? 'none' : 'objects');
}
