/**
 * vitest globalSetup: one local control plane for the whole run (tests/server.test.ts dry-runs
 * against it), with the CRDs of every cluster's operator pins installed. Started only when the run
 * includes the server tests; when kube-apiserver/etcd are not installed the tests skip and say why
 * (.ci/run installs them, so CI runs them).
 */
import type { TestProject } from 'vitest/node';
import { findControlPlane } from '../scripts/lib/server/binaries.js';
import { startControlPlane } from '../scripts/lib/server/controlplane.js';
import { installCrds } from '../scripts/lib/server/dryrun.js';
import { crdsFor } from '../scripts/lib/server/index.js';
import { loadClusters } from '../scripts/lib/clusters.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SharedServer {
  readonly server?: string;
  readonly ca?: string;
  readonly authorization?: string;
  readonly readySeconds?: number;
  /** why there is none */
  readonly skip?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedServer: SharedServer;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const files = process.argv.slice(2).filter((a) => /\.test\.ts$|^tests\//.test(a));
  if (files.length > 0 && !files.some((f) => /server/.test(f))) {
    project.provide('sharedServer', { skip: 'the server tests are not part of this run' });
    return undefined;
  }
  let bins: ReturnType<typeof findControlPlane>;
  try {
    bins = findControlPlane();
  } catch (error) {
    project.provide('sharedServer', { skip: (error as Error).message });
    return undefined;
  }
  const cp = await startControlPlane(bins, { kubeVersion: '1.35' });
  try {
    await installCrds(cp.client, await crdsFor(ROOT, await loadClusters(ROOT)));
  } catch (error) {
    await cp.stop();
    throw error;
  }
  const endpoint = cp.client.endpoint;
  project.provide('sharedServer', {
    server: endpoint.server,
    ca: String(endpoint.tls.ca),
    authorization: endpoint.headers.Authorization,
    readySeconds: cp.readySeconds,
  });
  return () => cp.stop();
}
