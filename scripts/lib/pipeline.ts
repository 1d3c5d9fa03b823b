import { loadClusters } from './clusters.js';
import { describeKustomize, findKustomize, type Kustomize } from './kustomize.js';
import { targetsFromClusters, type Target } from './targets.js';
import { kustomizeMismatch, pinnedVersions } from './versions.js';

export interface PipelineContext {
  readonly root: string;
  readonly kustomize: Kustomize;
  readonly targets: readonly Target[];
  /** lines for stderr: which kustomize, and a warning if it differs from Argo CD's */
  readonly notes: readonly string[];
}

/** Reads the cluster descriptions and finds kustomize: what every rendering command needs first. */
export async function loadPipeline(root: string): Promise<PipelineContext> {
  const [clusters, kustomize, pinned] = await Promise.all([loadClusters(root), findKustomize(), pinnedVersions(root)]);
  const notes = [`using ${describeKustomize(kustomize)}`];
  const mismatch = kustomizeMismatch(kustomize.version, pinned);
  if (mismatch) notes.push(mismatch);
  return { root, kustomize, targets: targetsFromClusters(clusters), notes };
}
