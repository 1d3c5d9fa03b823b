import path from 'node:path';
import { ToolError } from './errors.js';
import { readYamlObject } from './yaml-file.js';

/**
 * The kustomize each Argo CD minor bundles (argo-cd hack/tool-versions.sh, kustomize5_version).
 * 3.3.0 alone shipped 5.8.0; 3.3.1 and later ship 5.8.1.
 */
const BUNDLED_KUSTOMIZE: readonly { readonly argocd: RegExp; readonly kustomize: string }[] = [
  { argocd: /^v2\.1[34]\./, kustomize: 'v5.4.3' },
  { argocd: /^v3\.0\./, kustomize: 'v5.6.0' },
  { argocd: /^v3\.[12]\./, kustomize: 'v5.7.0' },
  { argocd: /^v3\.3\.0$/, kustomize: 'v5.8.0' },
  { argocd: /^v3\.(3|4|5)\./, kustomize: 'v5.8.1' },
];

export function bundledKustomize(argocdVersion: string): string {
  const row = BUNDLED_KUSTOMIZE.find((r) => r.argocd.test(argocdVersion));
  if (!row)
    throw new ToolError(
      `Argo CD ${argocdVersion}: unknown release (expected v2.13 … v3.5; add ` +
        `its bundled kustomize to scripts/lib/versions.ts)`,
    );
  return row.kustomize;
}

export interface PinnedVersions {
  readonly argocd: string;
  readonly kustomize: string;
}

export const VERSION_FILE = 'argocd/version.yaml';

export async function pinnedVersions(root: string): Promise<PinnedVersions> {
  const file = path.join(root, VERSION_FILE);
  const object = await readYamlObject(file, 'argocd: vX.Y.Z');
  const argocd = object.argocd;
  if (typeof argocd !== 'string' || !/^v\d+\.\d+\.\d+$/.test(argocd))
    throw new ToolError(`${VERSION_FILE}: argocd is ${JSON.stringify(argocd)} (expected a release like v3.4.7)`);
  return { argocd, kustomize: bundledKustomize(argocd) };
}

/** A warning when the kustomize found is not the one the deployed Argo CD bundles, else undefined. */
export function kustomizeMismatch(found: string, pinned: PinnedVersions): string | undefined {
  if (found.replace(/^v/, '') === pinned.kustomize.replace(/^v/, '')) return undefined;
  return (
    `warning: using kustomize ${found}, but Argo CD ${pinned.argocd}` +
    ` renders with kustomize ${pinned.kustomize}; output may differ from ` +
    `what Argo CD deploys (install it: go install ` +
    `sigs.k8s.io/kustomize/kustomize/v5@${pinned.kustomize})`
  );
}
