import type { ClusterDescription, Environment } from './clusters.js';
import { namespaceFor } from './clusters.js';

/** One thing Argo CD deploys: a kustomize directory built for one cluster. */
export interface Target {
  /** unique, used for file names: "<cluster>-<environment>" */
  readonly name: string;
  readonly cluster: string;
  readonly environment: Environment | 'cluster';
  /** repo-relative kustomize directory */
  readonly path: string;
  /** the destination namespace, or undefined for cluster-level targets */
  readonly namespace: string | undefined;
  /** target Kubernetes minor, from the cluster description */
  readonly kubernetesVersion: string;
}

/** Each hosted environment's overlay on its cluster, then each cluster's own manifests. */
export function targetsFromClusters(clusters: readonly ClusterDescription[]): Target[] {
  const targets: Target[] = [];
  for (const cluster of clusters) {
    for (const env of cluster.environments) {
      targets.push({ name: `${cluster.name}-${env}`, cluster: cluster.name, environment: env, path: `overlays/${env}`, namespace: namespaceFor(env), kubernetesVersion: cluster.kubernetesVersion });
    }
    targets.push({ name: `${cluster.name}-cluster`, cluster: cluster.name, environment: 'cluster', path: cluster.dir, namespace: undefined, kubernetesVersion: cluster.kubernetesVersion });
  }
  return targets.sort((a, b) => a.name.localeCompare(b.name));
}
