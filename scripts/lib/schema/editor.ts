/**
 * JSON Schemas for editors (the YAML language server, `.vscode/settings.json`), derived from the imported
 * CRDs of the releases the clusters pin: kubeconform layout `{group}/{kind}_{version}.json`, lower case.
 * Derived, so never committed: `npm run schemas -- --editor` writes them to EDITOR_SCHEMA_DIR.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lowestPins, importedCrds, operatorPins } from '../operators.js';
import type { SchemaNode } from './cel.js';
import { prepareSchema } from './compile.js';
import { toJsonSchema } from './crd-imported.js';

export const EDITOR_SCHEMA_DIR = '.cache/editor-schemas';

const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** {repo-relative file name under the output folder -> schema} for every served version of every pinned CRD. */
export async function editorSchemas(root: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const pin of lowestPins(await operatorPins(root))) {
    for (const crd of importedCrds(root, pin.operator, pin.version, pin.file)) {
      const spec = rec(crd.object.spec);
      const group = String(spec.group);
      const kind = String(rec(spec.names).kind);
      for (const v of Array.isArray(spec.versions) ? spec.versions.map(rec) : []) {
        if (v.served === false) continue;
        const openapi = rec(rec(v.schema).openAPIV3Schema);
        // Go regexp patterns JavaScript cannot compile (e.g. `(?i)...`) are dropped, as validation does.
        const schema = prepareSchema(toJsonSchema(openapi as SchemaNode, true));
        schema.properties = {
          ...rec(schema.properties),
          apiVersion: { enum: [`${group}/${String(v.name)}`] },
          kind: { enum: [kind] },
          metadata: { type: 'object' },
        };
        out.set(`${group}/${kind.toLowerCase()}_${String(v.name)}.json`, {
          $schema: 'http://json-schema.org/draft-07/schema#',
          title: `${kind} ${group}/${String(v.name)} (${pin.operator} ${pin.version})`,
          ...schema,
        });
      }
    }
  }
  return out;
}

/** Writes every editor schema into `dir` (absolute), replacing the folder whole: all or none. */
export async function writeEditorSchemas(root: string, dir: string): Promise<string[]> {
  const schemas = await editorSchemas(root);
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  for (const [file, schema] of schemas) {
    await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
    await writeFile(path.join(staging, file), `${JSON.stringify(schema, null, 1)}\n`);
  }
  await mkdir(path.dirname(dir), { recursive: true });
  const old = `${dir}.${process.pid}.old`;
  if (existsSync(dir)) await rename(dir, old);
  await rename(staging, dir);
  await rm(old, { recursive: true, force: true });
  return [...schemas.keys()].sort();
}
