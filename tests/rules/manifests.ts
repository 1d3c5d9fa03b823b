/**
 * Manifests the case tables share. `deployment` writes the same lines every table used to write by
 * hand (the cases assert lines, so the layout is fixed): a Deployment selecting `app: web`.
 */
export interface DeploymentShape {
  /** metadata.name (default web) */
  readonly name?: string;
  /** more metadata lines after the name, without indentation (`namespace: lab`) */
  readonly metadata?: readonly string[];
  /** spec lines before the selector, without indentation (`replicas: 2`) */
  readonly spec?: readonly string[];
  /** the pod template's labels (default `{app: web}`) */
  readonly labels?: string;
}

/** A Deployment whose pod spec is `podSpec`, already indented under spec.template.spec (6 spaces). */
export function deployment(podSpec: string, shape: DeploymentShape = {}): string {
  const indent = (lines: readonly string[] | undefined): string => (lines ?? []).map((l) => `  ${l}\n`).join('');
  return (
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${shape.name ?? 'web'}\n${indent(shape.metadata)}` +
    `spec:\n${indent(shape.spec)}  selector: {matchLabels: {app: web}}\n  template:\n` +
    `    metadata: {labels: ${shape.labels ?? '{app: web}'}}\n    spec:\n${podSpec}`
  );
}

/** A Pod `p` whose spec is `spec`, already indented under spec (2 spaces). */
export const pod = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
