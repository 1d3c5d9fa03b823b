/**
 * JSON Schemas for kubeconform, written for the benchmark only, from this repo's own schema sources:
 * built-in kinds from the client-node attribute maps (scripts/lib/schema/builtin.ts: types and no
 * unknown fields), custom resources from the imported CRDs of the pinned releases (the editor schemas
 * of scripts/lib/schema/editor.ts). Layout `{group}/{kind}_{version}.json` (core kinds under v1/),
 * which kubeconform reads with -schema-location 'DIR/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinKinds, builtinStructuralSchema } from './schema/builtin.js';
import { editorSchemas } from './schema/editor.js';
import { importedCrds, lowestPins, operatorPins } from './operators.js';

export const KUBECONFORM_TEMPLATE = '{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

/** Writes the schemas under `dir` and returns kubeconform's -schema-location for them. */
export async function writeKubeconformSchemas(root: string, dir: string): Promise<string> {
  const files = new Map<string, unknown>();
  for (const k of builtinKinds()) {
    const schema = builtinStructuralSchema(k.apiVersion, k.kind);
    if (!schema) continue;
    const [group, version] = k.apiVersion.includes('/') ? k.apiVersion.split('/') : ['v1', k.apiVersion];
    files.set(`${group}/${k.kind.toLowerCase()}_${version}.json`, schema);
  }
  for (const [file, schema] of await editorSchemas(root)) files.set(file, schema);
  for (const [file, schema] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), JSON.stringify(schema));
  }
  return path.join(dir, KUBECONFORM_TEMPLATE);
}

/** The newest Kubernetes version whose built-in schemas kubectl-validate v0.0.4 carries (it fetches others). */
export const KUBECTL_VALIDATE_VERSION = '1.30';

/**
 * The CRDs of the pinned operator releases, one file each, for kubectl-validate --local-crds (it
 * needs a folder of CRDs only); returns the folder.
 */
export async function writeKubectlValidateCrds(root: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  let n = 0;
  for (const pin of lowestPins(await operatorPins(root)))
    for (const crd of importedCrds(root, pin.operator, pin.version, pin.file))
      await writeFile(path.join(dir, `crd-${String(++n).padStart(3, '0')}.yaml`), JSON.stringify(crd.object));
  return dir;
}
