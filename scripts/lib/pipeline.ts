import type { RepoSource } from './appset/index.js';
import { hasArgo, loadArgo, targetsFromApplications, type ArgoModel } from './argocd.js';
import { loadClusters, type ClusterDescription } from './clusters.js';
import { describeKustomize, findKustomize, type Kustomize } from './kustomize.js';
import type { RenderCache } from './render-cache.js';
import { targetsFromClusters, type Target } from './targets.js';
import { loadPolicy } from './policy.js';
import { setBuildLimits } from './safety/limits.js';
import { kustomizeMismatch, pinnedVersions } from './versions.js';

export interface PipelineContext {
  readonly root: string;
  readonly kustomize: Kustomize;
  readonly clusters: readonly ClusterDescription[];
  /** Argo CD's view (undefined in a tree without an app of apps: argocd/bootstrap.yaml or
   * argocd/<cluster>/bootstrap.yaml)
   */
  readonly argo: ArgoModel | undefined;
  /** what Argo CD deploys: one target per Application of this repo */
  readonly targets: readonly Target[];
  /** lines for stderr: which kustomize, and a warning if it differs from Argo CD's */
  readonly notes: readonly string[];
  /** builds already done while loading (the bootstrap paths), for renderTargets to reuse */
  readonly prebuilt: ReadonlyMap<string, string>;
}

/**
 * Reads the cluster descriptions, finds kustomize, and asks Argo CD's model (the bootstrap
 * Application and the ApplicationSets, rendered offline) what is deployed where. A tree without
 * argocd/ falls back to the cluster descriptions alone.
 */
export async function loadPipeline(
  root: string,
  options: { repo?: RepoSource; cache?: RenderCache | undefined } = {},
): Promise<PipelineContext> {
  const [clusters, found, policy] = await Promise.all([loadClusters(root), findKustomize(), loadPolicy(root)]);
  if (policy.allowRemoteBases) setBuildLimits({ allowRemoteBases: true });
  const kustomize: Kustomize = options.cache ? { ...found, cache: options.cache } : found;
  const notes = [`using ${describeKustomize(kustomize)}`];
  let argo: ArgoModel | undefined;
  let targets: Target[];
  if (hasArgo(root, clusters)) {
    const mismatch = kustomizeMismatch(kustomize.version, await pinnedVersions(root));
    if (mismatch) notes.push(mismatch);
    argo = await loadArgo(root, kustomize, options.repo, clusters);
    targets = targetsFromApplications(argo, clusters);
  } else {
    targets = targetsFromClusters(clusters);
  }
  const prebuilt = new Map<string, string>(
    argo ? argo.instances.map((i) => [i.built.path, i.built.yaml] as const) : [],
  );
  return { root, kustomize, clusters, argo, targets, notes, prebuilt };
}
