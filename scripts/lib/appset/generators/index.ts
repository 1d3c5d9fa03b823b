/**
 * ApplicationSet generators, one file each behind the `Generator` interface (types.ts). The nesting
 * limit is data: each matrix/merge is built with the set of generators it passes to its children,
 * as Argo CD's types do (a top-level matrix/merge takes ApplicationSetNestedGenerators, which may
 * be a matrix or merge again; those take ApplicationSetTerminalGenerators, which cannot).
 * Pure except for reads through the RepoSource.
 */
import type { Params } from '../template.js';
import { clustersGenerator } from './clusters.js';
import { gitGenerator } from './git.js';
import { listGenerator } from './list.js';
import { matrixGenerator } from './matrix.js';
import { mergeGenerator } from './merge.js';
import { transform as transformWith } from './transform.js';
import type { TransformResult } from './transform.js';
import type { GeneratorContext, GeneratorSet, Obj } from './types.js';

/** What a matrix/merge nested in another one offers its children. */
const TERMINAL: GeneratorSet = [listGenerator, clustersGenerator, gitGenerator];
/** What a top-level matrix/merge offers its children. */
const NESTED: GeneratorSet = [...TERMINAL, matrixGenerator(TERMINAL), mergeGenerator(TERMINAL)];
/** What `spec.generators` offers. */
export const TOP_LEVEL: GeneratorSet = [...TERMINAL, matrixGenerator(NESTED), mergeGenerator(NESTED)];

/** Transform one entry of `spec.generators`. */
export function transform(
  entry: Obj,
  baseTemplate: Obj,
  ctx: GeneratorContext,
  interpolate: Params | undefined,
  where: string,
): Promise<TransformResult[]> {
  return transformWith(entry, baseTemplate, ctx, interpolate, where, TOP_LEVEL);
}

export { IN_CLUSTER_NAME, IN_CLUSTER_SERVER, parseClusterSecret } from './clusters.js';
export { flattenParams, goString, MERGO_PANIC, mergeFill, mergeOverride } from './params.js';
export type { TransformResult } from './transform.js';
export type { ClusterInfo, Generator, GeneratorContext, GeneratorSet } from './types.js';
