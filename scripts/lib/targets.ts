import type { ClusterDescription, Environment } from './clusters.js';
import { namespaceFor } from './clusters.js';

/**
 * An environment (clusters/<name>/cluster.yaml spec.environments); `cluster` for a cluster's own
 * manifests; `argocd` for Argo CD's configuration.
 */
export type TargetEnvironment = Environment | 'cluster' | 'argocd';

/** The Argo CD Application a target is, when targets come from Argo CD (the normal case). */
export interface TargetApplication {
  readonly name: string;
  /** the generating ApplicationSet; undefined for an Application written in the repo */
  readonly appset: string | undefined;
  readonly project: string;
  /** destination API server (resolved, also for in-cluster) */
  readonly server: string;
  /** the cluster whose Argo CD runs this Application (undefined: no cluster says hostsArgoCD) */
  readonly instance?: string | undefined;
}

/** One thing Argo CD deploys: a kustomize directory built for one cluster. */
export interface Target {
  /** unique, used for file names: the Application name (or "<cluster>-<environment>" without Argo CD) */
  readonly name: string;
  readonly cluster: string;
  readonly environment: TargetEnvironment;
  /** repo-relative kustomize directory */
  readonly path: string;
  /** the destination namespace, or undefined for cluster-level targets */
  readonly namespace: string | undefined;
  /** target Kubernetes minor, from the cluster description */
  readonly kubernetesVersion: string;
  readonly application?: TargetApplication | undefined;
}

/** Each hosted environment's overlay on its cluster, then each cluster's own manifests. */
export function targetsFromClusters(clusters: readonly ClusterDescription[]): Target[] {
  const targets: Target[] = [];
  for (const cluster of clusters) {
    for (const env of cluster.environments) {
      targets.push({
        name: `${cluster.name}-${env}`,
        cluster: cluster.name,
        environment: env,
        path: `overlays/${env}`,
        namespace: namespaceFor(env),
        kubernetesVersion: cluster.kubernetesVersion,
      });
    }
    targets.push({
      name: `${cluster.name}-cluster`,
      cluster: cluster.name,
      environment: 'cluster',
      path: cluster.dir,
      namespace: undefined,
      kubernetesVersion: cluster.kubernetesVersion,
    });
  }
  return targets.sort((a, b) => a.name.localeCompare(b.name));
}
