/**
 * Operator pins and the CRDs imported for them.
 *
 * Each cluster pins the operator releases it runs in clusters/<name>/cluster.yaml, `spec.operators`
 * (operator -> version); Argo CD's release is pinned once, in argocd/version.yaml, and counts as a pin
 * of the cluster that hosts Argo CD. The CRDs of every pinned release live in
 * schemas/crds/<operator>/<version>/ (one CRD per file, descriptions dropped, plus source.yaml and,
 * for Strimzi, kafka-versions.yaml), written by `npm run schemas -- --import DIR`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOOL_ROOT } from './paths.js';
import { parseAllDocuments } from 'yaml';
import { loadClusters, parseClusterDescription, type ClusterDescription } from './clusters.js';
import { fastValues, firstYamlValue } from './yaml-stream.js';
import { ToolError } from './errors.js';
import { pinnedVersions } from './versions.js';
import { isObj } from './objects.js';

/** Where imported CRDs live, relative to the repo root. */
export const CRD_DIR = 'schemas/crds';
/** The operator name under which Argo CD's own CRDs are imported. */
export const ARGOCD_OPERATOR = 'argo-cd';
/** Recorded next to the CRDs of each import. */
export const SOURCE_FILE = 'source.yaml';
/** Strimzi's list of the Kafka versions a release supports, kept beside its CRDs. */
export const KAFKA_VERSIONS_FILE = 'kafka-versions.yaml';

export const OPERATOR_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const OPERATOR_VERSION = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/** One pinned operator release on one cluster. */
export interface OperatorPin {
  readonly operator: string;
  readonly version: string;
  /** where the pin is written (repo-relative) */
  readonly file: string;
}

/** A CustomResourceDefinition as imported: the parsed object and its file. */
export interface ImportedCrd {
  readonly operator: string;
  readonly version: string;
  /** repo-relative path */
  readonly file: string;
  readonly object: Record<string, unknown>;
  /** a digest of the file's content (keys caches derived from it) */
  readonly digest: string;
}

/** Argo CD pinned in argocd/version.yaml, as "3.4.7" (no "v"), or undefined when the file is absent. */
async function argoCdPin(root: string): Promise<string | undefined> {
  if (!existsSync(path.join(root, 'argocd', 'version.yaml'))) return undefined;
  return (await pinnedVersions(root)).argocd.replace(/^v/, '');
}

/** The operator pins of one cluster (Argo CD's included on the cluster that hosts it), sorted by operator. */
export async function clusterPins(root: string, cluster: ClusterDescription): Promise<OperatorPin[]> {
  const pins: OperatorPin[] = Object.entries(cluster.operators).map(([operator, version]) => ({
    operator,
    version,
    file: cluster.file,
  }));
  if (cluster.hostsArgoCD) {
    const argocd = await argoCdPin(root);
    if (argocd) pins.push({ operator: ARGOCD_OPERATOR, version: argocd, file: 'argocd/version.yaml' });
  }
  return pins.sort((a, b) => a.operator.localeCompare(b.operator));
}

/** Every cluster's pins: cluster name -> pins. */
export async function operatorPins(
  root: string,
  clusters?: readonly ClusterDescription[],
): Promise<Map<string, OperatorPin[]>> {
  const list = clusters ?? (await loadClusters(root));
  const out = new Map<string, OperatorPin[]>();
  for (const c of list) out.set(c.name, await clusterPins(root, c));
  return out;
}

/**
 * The pins of every cluster, read synchronously (for schema lookups, which are synchronous); an
 * unreadable cluster.yaml is a ToolError. Without a clusters/ folder: an empty map.
 */
export function operatorPinsSync(root: string): Map<string, OperatorPin[]> {
  const out = new Map<string, OperatorPin[]>();
  const dir = path.join(root, 'clusters');
  if (!existsSync(dir)) return out;
  let argocd: string | undefined;
  const versionFile = path.join(root, 'argocd', 'version.yaml');
  if (existsSync(versionFile)) {
    const text = readFileSync(versionFile, 'utf8');
    const v = firstYamlValue(text);
    if (isObj(v) && typeof v.argocd === 'string') argocd = v.argocd.replace(/^v/, '');
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const file = `clusters/${entry.name}/cluster.yaml`;
    if (!existsSync(path.join(root, file))) continue;
    const text = readFileSync(path.join(root, file), 'utf8');
    // the fast reader, or the full parser (which also says what is wrong with the file)
    let object: unknown = fastValues(text)?.[0];
    if (object === undefined) {
      const doc = parseAllDocuments(text)[0];
      if (!doc || doc.errors[0])
        throw new ToolError(
          `${file}: ${doc?.errors[0]?.message.split('\n')[0] ?? 'empty'} (expected a ClusterDescription)`,
        );
      object = doc.toJS();
    }
    if (!isObj(object)) throw new ToolError(`${file}: expected a ClusterDescription (a YAML mapping)`);
    const cluster = parseClusterDescription(object, file, entry.name);
    const pins: OperatorPin[] = Object.entries(cluster.operators).map(([operator, version]) => ({
      operator,
      version,
      file,
    }));
    if (cluster.hostsArgoCD && argocd)
      pins.push({ operator: ARGOCD_OPERATOR, version: argocd, file: 'argocd/version.yaml' });
    out.set(
      cluster.name,
      pins.sort((a, b) => a.operator.localeCompare(b.operator)),
    );
  }
  return out;
}

/** Pins for manifests not tied to one cluster: the lowest version of each operator any cluster pins. */
export function lowestPins(byCluster: ReadonlyMap<string, readonly OperatorPin[]>): OperatorPin[] {
  const lowest = new Map<string, OperatorPin>();
  for (const pins of byCluster.values()) {
    for (const p of pins) {
      const seen = lowest.get(p.operator);
      if (!seen || compareVersions(p.version, seen.version) < 0) lowest.set(p.operator, p);
    }
  }
  return [...lowest.values()].sort((a, b) => a.operator.localeCompare(b.operator));
}

/** The folder of one imported release, repo-relative. */
export function importDir(operator: string, version: string): string {
  return `${CRD_DIR}/${operator}/${version}`;
}

/** The (operator, version) pairs imported under schemas/crds. */
export function importedReleases(root: string): { operator: string; version: string }[] {
  const base = path.join(root, CRD_DIR);
  if (!existsSync(base)) return [];
  const out: { operator: string; version: string }[] = [];
  for (const op of readdirSync(base, { withFileTypes: true })) {
    if (!op.isDirectory() || op.name.startsWith('.')) continue;
    for (const v of readdirSync(path.join(base, op.name), { withFileTypes: true })) {
      if (v.isDirectory() && !v.name.startsWith('.')) out.push({ operator: op.name, version: v.name });
    }
  }
  return out.sort((a, b) => a.operator.localeCompare(b.operator) || compareVersions(a.version, b.version));
}

const crdCache = new Map<string, ImportedCrd[]>();

/** The CRDs imported for one release (parsed once per process). A missing folder is a ToolError naming the pin. */
export function importedCrds(root: string, operator: string, version: string, pinnedIn?: string): ImportedCrd[] {
  const rel = importDir(operator, version);
  const key = path.join(root, rel);
  const hit = crdCache.get(key);
  if (hit) return hit;
  if (!existsSync(key)) {
    const where = pinnedIn
      ? `${pinnedIn}: operator ${operator} is pinned at ${version}, but`
      : `operator ${operator} ${version}:`;
    throw new ToolError(
      `${where} no CRDs are imported for it (expected ${rel}/; import them ` +
        `with npm run schemas -- --import DIR --operator ${operator} --version ` +
        `${version})`,
    );
  }
  const out: ImportedCrd[] = [];
  for (const name of readdirSync(key)
    .filter((f) => f.endsWith('.yaml') && f !== SOURCE_FILE && f !== KAFKA_VERSIONS_FILE)
    .sort()) {
    const file = `${rel}/${name}`;
    const { digest, objects } = parseCrdFile(path.join(key, name), file);
    for (const object of objects) {
      if (!isObj(object) || object.kind !== 'CustomResourceDefinition')
        throw new ToolError(`${file}: not a CustomResourceDefinition (expected only CRDs under ${CRD_DIR})`);
      out.push({ operator, version, file, object, digest });
    }
  }
  if (out.length === 0)
    throw new ToolError(
      `${rel}: no CRD files (expected <name>.yaml CustomResourceDefinitions; ` +
        `re-import with npm run schemas -- --import DIR)`,
    );
  crdCache.set(key, out);
  return out;
}

// Parsing the large CRDs as YAML on every run costs hundreds of milliseconds; their JSON form is
// cached by content hash under node_modules/.cache (or the OS temp dir) and read back in a few.
const JSON_CACHE_FORMAT = 1;
let jsonCacheDir: string | undefined | null = null;

function crdJsonCacheDir(): string | undefined {
  if (jsonCacheDir !== null) return jsonCacheDir;
  jsonCacheDir = undefined;
  for (const dir of [
    path.join(TOOL_ROOT, 'node_modules/.cache/zarish-his-crds'),
    path.join(tmpdir(), 'zarish-his-crds-cache'),
  ]) {
    try {
      mkdirSync(dir, { recursive: true });
      jsonCacheDir = dir;
      break;
    } catch {
      // not writable: try the next place
    }
  }
  return jsonCacheDir;
}

function parseCrdFile(abs: string, shown: string): { digest: string; objects: unknown[] } {
  const text = readFileSync(abs, 'utf8');
  const dir = crdJsonCacheDir();
  const digest = createHash('sha256').update(`${JSON_CACHE_FORMAT}\u0000${text}`).digest('hex').slice(0, 40);
  const cached = dir ? path.join(dir, `${digest}.json`) : undefined;
  if (cached && existsSync(cached)) {
    try {
      return { digest, objects: JSON.parse(readFileSync(cached, 'utf8')) as unknown[] };
    } catch {
      // damaged entry: parse again
    }
  }
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors[0])
      throw new ToolError(`${shown}: ${doc.errors[0].message.split('\n')[0]} (expected a CustomResourceDefinition)`);
    const object: unknown = doc.toJS({ maxAliasCount: -1 });
    if (object !== null && object !== undefined) out.push(object);
  }
  if (cached) {
    try {
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(out));
      renameSync(tmp, cached);
    } catch {
      // a cache is an optimisation
    }
  }
  return { digest, objects: out };
}

/**
 * The CRD documents a cluster installs: those of every release it pins (Argo CD's on the cluster
 * that hosts it). For installing into an API server before a dry run.
 */
export async function clusterCrds(root: string, cluster: ClusterDescription | string): Promise<ImportedCrd[]> {
  const description =
    typeof cluster === 'string' ? (await loadClusters(root)).find((c) => c.name === cluster) : cluster;
  if (!description)
    throw new ToolError(
      `clusters/${String(cluster)}/cluster.yaml: no such cluster (expected one of the folders under clusters/)`,
    );
  return (await clusterPins(root, description)).flatMap((p) => importedCrds(root, p.operator, p.version, p.file));
}

/** The Kafka versions a Strimzi release supports (kafka-versions.yaml beside its CRDs); undefined when absent. */
export function supportedKafkaVersions(
  root: string,
  version: string,
  operator = 'strimzi',
): { supported: string[]; default?: string } | undefined {
  const file = path.join(root, importDir(operator, version), KAFKA_VERSIONS_FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const list = firstYamlValue(text);
  if (!Array.isArray(list))
    throw new ToolError(
      `${importDir(operator, version)}/${KAFKA_VERSIONS_FILE}: expected a list of {version, supported, default}`,
    );
  const supported: string[] = [];
  let dflt: string | undefined;
  for (const entry of list) {
    if (!isObj(entry)) continue;
    const v = String(entry.version);
    if (entry.supported === true) supported.push(v);
    if (entry.default === true) dflt = v;
  }
  return dflt ? { supported, default: dflt } : { supported };
}

/** Numeric comparison of dotted versions ("1.10.0" > "1.9.2"); pre-release suffixes compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.+-]/);
  const pb = b.replace(/^v/, '').split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const d = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return d;
  }
  return 0;
}
