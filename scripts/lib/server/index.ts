/**
 * The server group of validate: one ephemeral control plane per cluster (its Kubernetes version,
 * the CRDs of its operator pins), or a real cluster through a kubeconfig (read-only: dry runs), or
 * an API server already running (the test suite's shared control plane).
 */
import type https from 'node:https';
import type { ClusterDescription } from '../clusters.js';
import { ToolError, UsageError } from '../errors.js';
import { clusterCrds, type ImportedCrd } from '../operators.js';
import type { Unit } from '../model/types.js';
import { findControlPlane } from './binaries.js';
import { ApiClient, type ApiEndpoint } from './client.js';
import { startControlPlane, withControlPlane } from './controlplane.js';
import { dryRunUnits, installCrds, type ServerIssue } from './dryrun.js';

export interface ServerMode {
  /** dry-run against a real cluster instead of a local control plane */
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  /** an API server that is already running and may be managed (namespaces, CRDs): the tests' shared one */
  readonly endpoint?: ApiEndpoint | undefined;
}

export interface ServerRun {
  readonly issues: ServerIssue[];
  readonly notes: string[];
  /** seconds: until the API server was ready (the slowest, when several start in parallel), CRDs installed, dry runs */
  readonly timings: { 'server-ready': number; 'server-crds': number; 'server-dry-run': number };
}

export interface ServerRequest {
  readonly root: string;
  /** the units, when loaded: control planes start (and install CRDs) while the caller renders */
  readonly units: Promise<readonly Unit[]>;
  /** the clusters to start a control plane for ('' for units not tied to a cluster) */
  readonly groups: readonly string[];
  /** unit name -> cluster name (deploy targets); path units have none */
  readonly clusterOf: ReadonlyMap<string, string>;
  readonly clusters: readonly ClusterDescription[];
  /** --kube-version: overrides every cluster's version */
  readonly kubeVersion?: string | undefined;
  readonly mode: ServerMode;
}

/** A kubeconfig's cluster, credentials and CA as https options (client-node reads every kubeconfig form). */
async function kubeconfigEndpoint(file: string, context: string | undefined): Promise<ApiEndpoint> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    throw new ToolError(`${file}: ${(error as Error).message.split('\n')[0]} (expected a kubeconfig)`);
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context))
      throw new UsageError(
        `--context ${context}: no such context in ${file} (expected one of ${kc
          .getContexts()
          .map((c) => c.name)
          .join(', ')})`,
      );
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new ToolError(
      `${file}: the context ${kc.getCurrentContext() || '(none)'} names no ` +
        `cluster (expected a current-context or --context)`,
    );
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  return {
    server: cluster.server,
    tls: { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized },
    headers,
    label: `context ${kc.getCurrentContext()} of ${file}`,
  };
}

/** The CRDs of the clusters' pins; for units not tied to a cluster, every cluster's (the first pin of a CRD name wins).
 *
 */
export async function crdsFor(root: string, clusters: readonly ClusterDescription[]): Promise<ImportedCrd[]> {
  const seen = new Set<string>();
  const out: ImportedCrd[] = [];
  for (const c of clusters) {
    for (const crd of await clusterCrds(root, c)) {
      const name = String((crd.object.metadata as { name?: unknown } | undefined)?.name);
      if (seen.has(name)) continue;
      seen.add(name);
      out.push(crd);
    }
  }
  return out;
}

/** Runs the server group over every unit and returns its issues (the caller makes findings of them). */
export async function runServerGroup(request: ServerRequest): Promise<ServerRun> {
  const timings = { 'server-ready': 0, 'server-crds': 0, 'server-dry-run': 0 };
  const issues: ServerIssue[] = [];
  const notes: string[] = [];
  const lap = (t0: number): number => (performance.now() - t0) / 1000;

  const external =
    request.mode.endpoint ??
    (request.mode.kubeconfig ? await kubeconfigEndpoint(request.mode.kubeconfig, request.mode.context) : undefined);
  if (external) {
    const manage = request.mode.endpoint !== undefined;
    const client = new ApiClient(external);
    try {
      let t0 = performance.now();
      if (manage) await installCrds(client, await crdsFor(request.root, request.clusters));
      timings['server-crds'] = lap(t0);
      t0 = performance.now();
      const result = await dryRunUnits(client, await request.units, { manage });
      timings['server-dry-run'] = lap(t0);
      issues.push(...result.issues);
      notes.push(...result.notes);
    } finally {
      client.close();
    }
    return { issues, notes, timings };
  }

  const binaries = findControlPlane();
  // Clusters of the same Kubernetes version and operator pins share one control plane (the CRDs are
  // the costly part of a start); each cluster then applies its namespaces and dry-runs its units in
  // turn, so Pod Security reads that cluster's labels. Units not tied to a cluster share one too.
  const fallback = [...request.clusters].sort(
    (a, b) => Number(a.kubernetesVersion.split('.')[1]) - Number(b.kubernetesVersion.split('.')[1]),
  )[0]?.kubernetesVersion;
  const planes = new Map<string, { kubeVersion: string | undefined; crds: ImportedCrd[]; clusters: string[] }>();
  for (const name of request.groups) {
    const cluster = request.clusters.find((c) => c.name === name);
    const kubeVersion = request.kubeVersion ?? cluster?.kubernetesVersion ?? fallback;
    const crds = await crdsFor(request.root, cluster ? [cluster] : request.clusters);
    const key = `${kubeVersion}|${crds
      .map((c) => c.file)
      .sort()
      .join(',')}`;
    const plane = planes.get(key) ?? { kubeVersion, crds, clusters: [] };
    plane.clusters.push(name);
    planes.set(key, plane);
  }
  await Promise.all(
    [...planes.values()].map((plane) =>
      withControlPlane(
        () => startControlPlane(binaries, { kubeVersion: plane.kubeVersion }),
        async (cp) => {
          timings['server-ready'] = Math.max(timings['server-ready'], cp.readySeconds);
          let t0 = performance.now();
          await installCrds(cp.client, plane.crds);
          timings['server-crds'] = Math.max(timings['server-crds'], lap(t0));
          const all = await request.units;
          t0 = performance.now();
          for (const clusterName of plane.clusters) {
            const units = all.filter((u) => (request.clusterOf.get(u.name) ?? '') === clusterName);
            const result = await dryRunUnits(cp.client, units, { manage: true });
            issues.push(...result.issues);
            notes.push(...result.notes);
          }
          timings['server-dry-run'] = Math.max(timings['server-dry-run'], lap(t0));
        },
      ),
    ),
  );
  return { issues, notes, timings };
}
