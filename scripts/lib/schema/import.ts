/**
 * `npm run schemas -- --import DIR`: brings an operator release's CRDs into schemas/crds/<operator>/<version>/.
 *
 * DIR is a folder of CRD files (an operator release's, or a folder named <operator>-<version>),
 * a single CRD file, or a folder of <operator>-<version> folders (each imported). Each CRD is written
 * to its own file named after the CRD (`<plural>.<group>.yaml`), with prose `description`s dropped and
 * everything that defines the API kept; documents that are not CRDs (a release bundle's Deployments)
 * are skipped. Strimzi's kafka-versions.yaml is kept beside its CRDs. source.yaml records operator,
 * version and where each file came from. Each release folder is written whole: staged in a temporary
 * folder, then renamed into place, so a crash leaves the old folder or the new one, never a mix.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ToolError, UsageError } from '../errors.js';
import { CRD_DIR, KAFKA_VERSIONS_FILE, OPERATOR_NAME, OPERATOR_VERSION, SOURCE_FILE, importDir } from '../operators.js';
import { asObj, isObj } from '../objects.js';

export interface ImportRequest {
  readonly root: string;
  /** a file or folder */
  readonly from: string;
  readonly operator?: string | undefined;
  readonly version?: string | undefined;
}

export interface ImportedRelease {
  readonly operator: string;
  readonly version: string;
  /** repo-relative folder written */
  readonly dir: string;
  /** CRD names (metadata.name) */
  readonly crds: readonly string[];
  readonly kafkaVersions: boolean;
  /** documents skipped because they are not CRDs */
  readonly skipped: number;
}

interface StagedRelease extends ImportedRelease {
  readonly files: ReadonlyMap<string, string>;
}

const RELEASE_FOLDER = /^([a-z0-9][-a-z0-9]*?)-v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/;

/** Imports one release (or each release folder of DIR), all or nothing per release folder. */
export async function importCrds(request: ImportRequest): Promise<ImportedRelease[]> {
  const from = path.resolve(request.from);
  if (!existsSync(from))
    throw new ToolError(`${request.from}: no such file or folder (expected CRD files of an operator release)`);
  const releases = releaseFolders(from);
  let staged: StagedRelease[];
  if (releases.length > 0 && !hasYaml(from)) {
    if (request.operator || request.version)
      throw new UsageError(
        `${request.from} holds several release folders (` +
          `${releases.map((r) => path.basename(r)).join(', ')}); --operator and ` +
          `--version apply to one release only`,
      );
    staged = releases.map((dir) => {
      const named = RELEASE_FOLDER.exec(path.basename(dir));
      return stage(dir, named?.[1] as string, named?.[2] as string);
    });
  } else {
    const named = statSync(from).isDirectory() ? RELEASE_FOLDER.exec(path.basename(from)) : null;
    const operator = request.operator ?? named?.[1];
    const version = (request.version ?? named?.[2])?.replace(/^v(?=\d)/, '');
    if (!operator || !version)
      throw new UsageError(
        `${request.from}: cannot tell the operator and version from the folder ` +
          `name (expected <operator>-<version>, or pass --operator NAME ` +
          `--version X.Y.Z)`,
      );
    staged = [stage(from, operator, version)];
  }
  for (const release of staged) await writeRelease(request.root, release);
  return staged.map(({ files: _files, ...rest }) => rest);
}

function hasYaml(dir: string): boolean {
  return statSync(dir).isDirectory() && readdirSync(dir).some((f) => /\.ya?ml$/.test(f));
}

function releaseFolders(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && RELEASE_FOLDER.test(d.name))
    .map((d) => path.join(dir, d.name))
    .sort();
}

/** Reads, checks and converts one release in memory. */
function stage(from: string, operator: string, version: string): StagedRelease {
  if (!OPERATOR_NAME.test(operator))
    throw new UsageError(
      `--operator "${operator}" is not an operator name (expected lowercase ` +
        `letters, digits and '-', e.g. cloudnative-pg)`,
    );
  if (!OPERATOR_VERSION.test(version))
    throw new UsageError(`--version "${version}" is not a release version (expected X.Y.Z, e.g. 1.30.0)`);
  const isDir = statSync(from).isDirectory();
  const inputs = isDir
    ? readdirSync(from)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(from, f))
    : [from];
  const sources = isDir ? readSources(path.join(from, 'SOURCES')) : new Map<string, Origin>();
  const files = new Map<string, string>();
  const crds: string[] = [];
  const origin: { file: string; crd: string; from: Origin }[] = [];
  let skipped = 0;
  let kafkaVersions = false;
  for (const input of inputs) {
    const base = path.basename(input);
    const text = readFileSync(input, 'utf8');
    if (base === KAFKA_VERSIONS_FILE) {
      checkKafkaVersions(input, text);
      files.set(KAFKA_VERSIONS_FILE, text);
      kafkaVersions = true;
      origin.push({ file: KAFKA_VERSIONS_FILE, crd: '', from: sources.get(base) ?? { file: base } });
      continue;
    }
    const docs = parseAllDocuments(text, { uniqueKeys: false });
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      const error = doc.errors[0];
      if (error)
        throw new ToolError(`${input}: ${error.message.split('\n')[0]} (expected YAML CustomResourceDefinitions)`);
      const object: unknown = doc.toJS({ maxAliasCount: -1 });
      if (object === null || object === undefined) continue;
      if (!isObj(object) || object.kind !== 'CustomResourceDefinition') {
        skipped++;
        continue;
      }
      if (object.apiVersion !== 'apiextensions.k8s.io/v1')
        throw new ToolError(
          `${input}: CRD ${String(asObj(object.metadata).name)} is ` +
            `${String(object.apiVersion)} (expected apiextensions.k8s.io/v1)`,
        );
      const crd = normaliseCrd(object, input);
      const name = String(asObj(crd.metadata).name);
      if (crds.includes(name))
        throw new ToolError(`${input}: CRD ${name} appears twice in ${from} (expected each CRD once)`);
      crds.push(name);
      const file = `${name}.yaml`;
      files.set(file, stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false }));
      origin.push({ file, crd: name, from: sources.get(base) ?? { file: base } });
    }
  }
  if (crds.length === 0)
    throw new ToolError(`${from}: no CustomResourceDefinition found (expected CRD YAML files of an operator release)`);
  const source = {
    operator,
    version,
    importedWith: 'npm run schemas -- --import',
    files: origin
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((o) => ({ file: o.file, ...(o.crd ? { crd: o.crd } : {}), from: o.from })),
  };
  files.set(
    SOURCE_FILE,
    `# Written by npm run schemas -- --import; do not edit the files of ` +
      `this folder by hand.\n${stringify(source, { lineWidth: 0 })}`,
  );
  return { operator, version, dir: importDir(operator, version), crds: crds.sort(), kafkaVersions, skipped, files };
}

type Origin = { repository: string; ref: string; path: string } | { file: string };

/** SOURCES lines "owner/repo tag path" keyed by the file name they end in. */
function readSources(file: string): Map<string, Origin> {
  const out = new Map<string, Origin>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3 || fields[0]?.startsWith('#')) continue;
    const [repository, ref, p] = fields as [string, string, string];
    out.set(path.posix.basename(p), { repository, ref, path: p });
  }
  return out;
}

function checkKafkaVersions(file: string, text: string): void {
  const list: unknown = parseAllDocuments(text)[0]?.toJS();
  if (
    !Array.isArray(list) ||
    !list.every((e) => isObj(e) && e.version !== undefined && typeof e.supported === 'boolean')
  ) {
    throw new ToolError(`${file}: expected Strimzi's list of {version, supported, default} entries`);
  }
}

/** The CRD without prose: `description` of schema nodes, status, and the creationTimestamp placeholder. */
function normaliseCrd(crd: Record<string, unknown>, input: string): Record<string, unknown> {
  const spec = asObj(crd.spec);
  const versions = spec.versions;
  if (!Array.isArray(versions) || versions.length === 0 || typeof spec.group !== 'string' || !isObj(spec.names)) {
    throw new ToolError(
      `${input}: CRD ${String(asObj(crd.metadata).name)} has no ` +
        `spec.group, spec.names or spec.versions (expected a complete ` +
        `CustomResourceDefinition)`,
    );
  }
  const metadata = asObj(crd.metadata);
  const keptMeta: Record<string, unknown> = { name: metadata.name };
  const annotations = Object.fromEntries(
    Object.entries(asObj(metadata.annotations)).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/')),
  );
  if (Object.keys(annotations).length) keptMeta.annotations = annotations;
  if (isObj(metadata.labels) && Object.keys(metadata.labels).length) keptMeta.labels = metadata.labels;
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: keptMeta,
    spec: {
      ...spec,
      versions: versions.map((v) => {
        const version = asObj(v);
        const schema = asObj(version.schema);
        return isObj(schema.openAPIV3Schema)
          ? { ...version, schema: { ...schema, openAPIV3Schema: dropDescriptions(schema.openAPIV3Schema) } }
          : version;
      }),
    },
  };
}

/** Drops `description` from schema nodes; a *property* named description is a field and stays. */
export function dropDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropDescriptions);
  if (!isObj(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string') continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions' || key === 'dependencies') {
      out[key] = isObj(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dropDescriptions(v)]))
        : value;
    } else if (
      key === 'enum' ||
      key === 'default' ||
      key === 'example' ||
      key === 'x-kubernetes-validations' ||
      key === 'const'
    ) {
      out[key] = value;
    } else {
      out[key] = dropDescriptions(value);
    }
  }
  return out;
}

/** Stage the folder beside its final place, then swap it in with renames. */
async function writeRelease(root: string, release: StagedRelease): Promise<void> {
  const final = path.join(root, release.dir);
  const parent = path.dirname(final);
  await mkdir(parent, { recursive: true });
  // a run killed between its two renames left the old folder aside: put it back first
  const aside = readdirSync(parent).filter((f) => f.startsWith(`.${release.version}.`) && f.endsWith('.old'));
  if (!existsSync(final) && aside[0]) await rename(path.join(parent, aside[0]), final);
  for (const f of readdirSync(parent).filter((x) => x.startsWith(`.${release.version}.`)))
    await rm(path.join(parent, f), { recursive: true, force: true });
  const stamp = `${process.pid}.${Date.now()}`;
  const tmp = path.join(parent, `.${release.version}.${stamp}.tmp`);
  const old = path.join(parent, `.${release.version}.${stamp}.old`);
  try {
    await mkdir(tmp);
    for (const [name, content] of release.files) await writeFile(path.join(tmp, name), content);
    if (existsSync(final)) await rename(final, old);
    await rename(tmp, final);
  } catch (error) {
    if (!existsSync(final) && existsSync(old)) await rename(old, final);
    throw new ToolError(`${release.dir}: cannot write (${(error as Error).message})`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

export { CRD_DIR };
