/**
 * The resource model every command shares (validate, diff, bump, promote, parity, the DR commands):
 * rendered objects with their source locations, grouped in units. Loaded by ./load.ts; rendered from
 * deploy targets by ./units.ts.
 */
import type { Document } from 'yaml';
import type { FieldPath, Finding, ResourceRef } from '../findings.js';

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
