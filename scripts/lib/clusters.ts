import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ToolError } from './errors.js';
import { readYamlObject } from './yaml-file.js';

/**
 * A deploy environment: a name some clusters/<name>/cluster.yaml lists under spec.environments, with
 * its overlay overlays/<name>. No environment is named in TypeScript: the list and its order are data
 * (environmentOrder).
 */
export type Environment = string;

/** Target names that are not environments (targets.ts, policy.yaml). */
const RESERVED = ['cluster', 'argocd', 'default'];
const ENVIRONMENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Every environment, in promotion order: the environments of primary clusters, then those of DR
 * clusters, each cluster's in the order its spec.environments lists them (clusters by name).
 */
export function environmentOrder(clusters: readonly ClusterDescription[]): Environment[] {
  const rank = (c: ClusterDescription): number => (c.role === 'primary' ? 0 : 1);
  return [...clusters].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).flatMap((c) => c.environments);
}

/** environmentOrder of the repository at `root`. */
export async function loadEnvironments(root: string): Promise<Environment[]> {
  return environmentOrder(await loadClusters(root));
}

/** The namespace an environment deploys into. */
export function namespaceFor(env: Environment): string {
  return `zarish-his-${env}`;
}

/** What is true of one cluster: clusters/<name>/cluster.yaml. The one source for cluster facts. */
export interface ClusterDescription {
  readonly name: string;
  readonly region: string;
  readonly role: 'primary' | 'dr';
  readonly server: string;
  /** "1.28" */
  readonly kubernetesVersion: string;
  readonly environments: readonly Environment[];
  /** an Argo CD runs here (argocd/<name>/bootstrap.yaml): its in-cluster destinations mean this cluster */
  readonly hostsArgoCD: boolean;
  /** the operator releases this cluster runs: operator -> version (spec.operators; Argo CD is pinned in
   * argocd/version.yaml)
   */
  readonly operators: Readonly<Record<string, string>>;
  /** repo-relative: clusters/<name> (the cluster-level kustomization) */
  readonly dir: string;
  /** repo-relative path of cluster.yaml */
  readonly file: string;
}

const EXPECTED =
  'a ClusterDescription: apiVersion his.zarishsphere.com/v1alpha1, ' +
  'metadata.name, spec.region, spec.role, spec.server, ' +
  'spec.kubernetesVersion, spec.environments';

export function parseClusterDescription(
  object: Record<string, unknown>,
  file: string,
  dirName: string,
): ClusterDescription {
  const fail = (what: string): never => {
    throw new ToolError(`${file}: ${what} (expected ${EXPECTED})`);
  };
  if (object.apiVersion !== 'his.zarishsphere.com/v1alpha1' || object.kind !== 'ClusterDescription') {
    fail(`apiVersion/kind is ${String(object.apiVersion)}/${String(object.kind)}`);
  }
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const name = metadata.name;
  if (typeof name !== 'string' || name !== dirName)
    fail(`metadata.name is ${JSON.stringify(name)}, the folder is ${dirName}`);
  for (const key of ['region', 'server', 'kubernetesVersion'] as const) {
    if (typeof spec[key] !== 'string' || !spec[key]) fail(`spec.${key} must be a non-empty string`);
  }
  if (!/^https:\/\/\S+$/.test(String(spec.server))) fail(`spec.server ${String(spec.server)} is not an https URL`);
  if (!/^1\.\d+$/.test(String(spec.kubernetesVersion)))
    fail(`spec.kubernetesVersion ${String(spec.kubernetesVersion)} is not a minor version like "1.28"`);
  if (spec.hostsArgoCD !== undefined && typeof spec.hostsArgoCD !== 'boolean')
    fail(`spec.hostsArgoCD must be true or false`);
  if (spec.role !== 'primary' && spec.role !== 'dr') fail(`spec.role ${String(spec.role)} is not primary or dr`);
  const operators = spec.operators ?? {};
  if (typeof operators !== 'object' || operators === null || Array.isArray(operators))
    fail('spec.operators must be a map of operator name to version');
  for (const [op, version] of Object.entries(operators as Record<string, unknown>)) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(op))
      fail(`spec.operators: "${op}" is not an operator name (lowercase letters, digits and '-')`);
    if (op === 'argo-cd')
      fail('spec.operators.argo-cd: Argo CD is pinned once, in argocd/version.yaml (remove it here)');
    if (typeof version !== 'string' || !/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version))
      fail(`spec.operators.${op} is ${JSON.stringify(version)} (expected a release version like 1.30.0)`);
  }
  const envs = spec.environments;
  if (!Array.isArray(envs) || envs.some((e) => typeof e !== 'string' || !ENVIRONMENT_NAME.test(e))) {
    fail('spec.environments must be a list of environment names (lowercase letters, digits and -)');
  }
  for (const e of envs as string[])
    if (RESERVED.includes(e)) fail(`spec.environments: "${e}" is reserved (${RESERVED.join(', ')} name other targets)`);
  return {
    name: name as string,
    region: spec.region as string,
    role: spec.role as 'primary' | 'dr',
    server: spec.server as string,
    kubernetesVersion: spec.kubernetesVersion as string,
    environments: envs as Environment[],
    hostsArgoCD: spec.hostsArgoCD === true,
    operators: { ...(operators as Record<string, string>) },
    dir: `clusters/${dirName}`,
    file,
  };
}

/** Reads every clusters/<name>/cluster.yaml; an environment hosted twice is an error. */
export async function loadClusters(root: string): Promise<ClusterDescription[]> {
  const clustersDir = path.join(root, 'clusters');
  if (!existsSync(clustersDir))
    throw new ToolError(`${clustersDir}: no such directory (expected one folder per cluster, each with cluster.yaml)`);
  const names = (await readdir(clustersDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const clusters: ClusterDescription[] = [];
  for (const name of names) {
    const file = `clusters/${name}/cluster.yaml`;
    const object = await readYamlObject(path.join(root, file), EXPECTED);
    clusters.push(parseClusterDescription(object, file, name));
  }
  if (clusters.length === 0)
    throw new ToolError(`${clustersDir}: no cluster folders (expected clusters/<name>/cluster.yaml)`);
  const hostedBy = new Map<string, string>();
  for (const c of clusters) {
    for (const env of c.environments) {
      const other = hostedBy.get(env);
      if (other)
        throw new ToolError(
          `${c.file}: environment ${env} is also hosted by cluster ${other} (expected each environment on one cluster)`,
        );
      hostedBy.set(env, c.name);
    }
  }
  return clusters;
}
