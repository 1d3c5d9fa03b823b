#!/usr/bin/env tsx
import path from 'node:path';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { importCrds } from './lib/schema/import.js';
import { CRD_DIR } from './lib/operators.js';
import { EDITOR_SCHEMA_DIR, writeEditorSchemas } from './lib/schema/editor.js';

const HELP = `Usage: npm run schemas -- --import DIR [--operator NAME --version X.Y.Z] [--root DIR]
       npm run schemas -- --editor [--out DIR] [--root DIR]

Imports an operator release's CustomResourceDefinitions into ${CRD_DIR}/<operator>/<version>/, which
validation reads for the clusters that pin that release (clusters/<name>/cluster.yaml, spec.operators).

  --import DIR       CRD files of one release: a folder (e.g. an operator release's config/crd/bases,
                     or a folder named <operator>-<version>), or one YAML file;
                     or a folder of <operator>-<version> folders, each imported
  --operator NAME    the operator (default: from a folder named <operator>-<version>)
  --version X.Y.Z    its release (default: from the folder name)
  --root DIR         the repo (default: the current directory)
  --editor           instead, write JSON Schemas for editors (.vscode/settings.json) from the CRDs of
                     the releases the clusters pin: <group>/<kind>_<version>.json (kubeconform
                     layout) under --out (default: ${EDITOR_SCHEMA_DIR}, git-ignored: derived)
  --out DIR          where --editor writes (replaced whole)

One CRD per file, prose descriptions dropped, everything else kept; documents that are not CRDs are
skipped; Strimzi's kafka-versions.yaml is kept beside its CRDs; source.yaml records where each file
came from. Each release folder is replaced whole (written beside it, then renamed into place).
Upgrading an operator: import its CRDs, bump the pin in clusters/<name>/cluster.yaml, run validate.`;

await runMain('schemas', HELP, async (argv) => {
  const { values, positionals } = parseCli(
    argv,
    {
      import: { type: 'string' },
      editor: { type: 'boolean' },
      out: { type: 'string' },
      operator: { type: 'string' },
      version: { type: 'string' },
      root: { type: 'string' },
    },
    false,
  );
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]} (see --help)`);
  if (values.editor) {
    if (values.import !== undefined || values.operator !== undefined || values.version !== undefined)
      throw new UsageError('--editor does not go with --import, --operator or --version (see --help)');
    const root = path.resolve(values.root ?? '.');
    const out = path.resolve(root, values.out ?? EDITOR_SCHEMA_DIR);
    const files = await writeEditorSchemas(root, out);
    process.stdout.write(`${path.relative(process.cwd(), out) || '.'}: ${files.length} JSON Schema(s) for editors\n`);
    return 0;
  }
  if (values.out !== undefined) throw new UsageError('--out goes with --editor (see --help)');
  if (!values.import) throw new UsageError('--import DIR is required (see --help)');
  if ((values.operator === undefined) !== (values.version === undefined))
    throw new UsageError('--operator and --version go together (see --help)');
  const root = path.resolve(values.root ?? '.');
  const imported = await importCrds({ root, from: values.import, operator: values.operator, version: values.version });
  for (const r of imported) {
    const extra = [
      r.kafkaVersions ? 'kafka-versions.yaml' : '',
      r.skipped ? `${r.skipped} non-CRD document(s) skipped` : '',
    ]
      .filter(Boolean)
      .join('; ');
    process.stdout.write(`${r.dir}: ${r.crds.length} CRD(s) (${r.crds.join(', ')})${extra ? `; ${extra}` : ''}\n`);
  }
  return 0;
});
