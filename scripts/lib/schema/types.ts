import type { FieldPath } from '../findings.js';

/**
 * What a schema says is wrong with one object. `unknown-field`: a property the schema does not
 * declare (a typo like imagePullPolicyy, a field at the wrong level); `conformance`: wrong type,
 * missing required field, value outside an enum or pattern.
 */
export interface SchemaIssue {
  /**
   * also, from imported CRDs: `cel` (an x-kubernetes-validations rule fails), `cel-skipped` (a rule
   * the CEL library cannot evaluate), `not-served` (a version the pinned operator does not serve),
   * `deprecated` (a version the CRD marks deprecated), `kafka-version` (a Kafka version the pinned
   * Strimzi does not support)
   */
  readonly kind:
    | 'unknown-field'
    | 'conformance'
    | 'cel'
    | 'cel-skipped'
    | 'not-served'
    | 'deprecated'
    | 'kafka-version';
  /** path of the offending field (for unknown fields: the unknown key itself) */
  readonly path: FieldPath;
  /** what was found and what was expected, e.g. `unknown field "imagePullPolicyy" (expected one of: image,
   * imagePullPolicy, ...)`
   */
  readonly message: string;
}

export type ObjectValidator = (object: unknown) => SchemaIssue[];

/** Which cluster a resource is for: the operator releases it pins decide the CRDs. */
export interface SchemaScope {
  /** undefined for manifests not tied to a cluster (path arguments): the lowest pinned releases */
  readonly cluster?: string | undefined;
}

/** A source of schemas: answers for the kinds it knows, undefined for the rest. */
export interface SchemaSource {
  readonly name: string;
  lookup(apiVersion: string, kind: string, scope?: SchemaScope): ObjectValidator | undefined;
}

/** A kind that no longer exists at the target Kubernetes version. */
export interface RemovedApi {
  readonly apiVersion: string;
  readonly kind: string;
  /** "1.25" */
  readonly removedIn: string;
  /** e.g. "policy/v1 PodDisruptionBudget", or "Pod Security Admission namespace labels" */
  readonly replacement: string;
}
