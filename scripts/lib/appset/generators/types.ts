/**
 * What every generator shares: the one `Generator` interface, the context a render passes down,
 * and the cluster a cluster Secret describes.
 */
import type { GitFileGlobbing } from '../glob.js';
import type { RepoSource } from '../repo-source.js';
import type { Engine, Params } from '../template.js';

import type { Obj } from '../../objects.js';

export type { Obj };

export interface ClusterInfo {
  secretName: string;
  name: string;
  server: string;
  project: string | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface GeneratorContext {
  engine: Engine;
  clusters: ClusterInfo[];
  repo: RepoSource;
  repoURLs: string[];
  globbing: GitFileGlobbing;
  inClusterEnabled: boolean;
}

/** The generator kinds the offline renderer implements, in the order Argo CD's Transform runs them. */
export const GENERATOR_KINDS = ['list', 'clusters', 'git', 'matrix', 'merge'] as const;
export type GeneratorKind = (typeof GENERATOR_KINDS)[number];

/** Generators that need an external API: refused, not silently skipped. */
export const UNSUPPORTED_KINDS = ['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin'];

/**
 * One generator: `generate` turns the generator's body (the value under its key, already
 * interpolated when it is a matrix's second child) into parameter sets. `where` is the body's
 * location for error messages (`spec.generators[0].list`).
 */
export interface Generator {
  readonly kind: GeneratorKind;
  generate(body: Obj, ctx: GeneratorContext, where: string): Params[] | Promise<Params[]>;
}

/** Generators available at one level, in Transform order. Which kinds a parent passes down is the nesting limit. */
export type GeneratorSet = readonly Generator[];
