import type { Document } from 'yaml';
import type { FieldPath, Finding, ResourceRef, Severity } from '../findings.js';
import type { SchemaSource } from '../schema/types.js';
import type { Policy } from '../policy.js';
import type { ArgoModel } from '../argocd.js';
import type { ClusterDescription } from '../clusters.js';
import type { Target } from '../targets.js';
import type { ParityAllowList } from '../dr/allowlist.js';

/** Where a field of a resource is written: the source manifest when traceable, else the file read. */
export interface Location {
  readonly file: string;
  readonly line: number;
}

/** One Kubernetes object, parsed once, with everything a check needs to report on it. */
export interface Resource {
  readonly object: Record<string, unknown>;
  readonly ref: ResourceRef;
  /** the unit (deploy target or path argument) it belongs to */
  readonly unit: string;
  /** index of the document within its unit */
  readonly index: number;
  /** where the document starts */
  readonly location: Location;
  /** where a field is written (falls back to the nearest written ancestor, then the document) */
  locate(path: FieldPath): Location;
  /** the parsed document (positions relative to the file read), for checks that need YAML detail */
  readonly doc?: Document | undefined;
}

/** A set of resources checked together: a deploy target, or one path argument. */
export interface Unit {
  readonly name: string;
  /** dev, staging, prod, dr, cluster, or undefined for path arguments */
  readonly environment: string | undefined;
  /** the destination namespace for namespaced resources without one */
  readonly namespace: string | undefined;
  /** target Kubernetes minor, "1.28" */
  readonly kubernetesVersion: string;
  /** the cluster it deploys to (its operator pins pick the CRDs); undefined for path arguments */
  readonly cluster?: string | undefined;
  readonly resources: readonly Resource[];
  /** findings raised while loading (unparsable YAML, duplicate keys, missing apiVersion/kind) */
  readonly loadFindings: readonly Finding[];
}

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
  | 'server';

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

/** One check: one module, one entry in the registry (scripts/lib/validate/registry.ts). */
export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly group: RuleGroup;
  readonly severity: Severity;
  readonly description: string;
  /** per unit: sees one deploy target or one path argument */
  check(ctx: CheckContext): Finding[];
  /** once per run, across units (cross-Application and prod/DR checks) */
  checkAll?(ctx: GlobalContext): Finding[];
}
