/**
 * The files a DR transition reads and edits, and byte-exact edits of each (see images/text-edit.ts).
 * Pure functions over texts.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { ToolError } from '../errors.js';
import {
  applyEdits,
  columnOf,
  lineEnd,
  lineStart,
  nextLineStart,
  pairOf,
  parseForEdit,
  rangeOf,
  removePairEdit,
  scalarText,
  setScalarEdit,
  type Edit,
} from '../images/text-edit.js';
import { asObj } from '../objects.js';

export const FILES = {
  /** prod's side of the CloudNativePG topology (overlays/prod uses it; overlays/dr inherits it) */
  component: 'components/postgres-distributed/cluster.yaml',
  /** the JSON 6902 patch that turns it into the chittagong member */
  drPostgres: 'overlays/dr/patches/postgres.yaml',
  drHpa: 'overlays/dr/patches/hpa.yaml',
  prodDns: 'overlays/prod/patches/dns.yaml',
  drDns: 'overlays/dr/patches/dns.yaml',
} as const;

export const DNS_ANNOTATION = 'external-dns.alpha.kubernetes.io/controller';
/** external-dns's own controller value: publish this Ingress. */
export const DNS_ACTIVE = 'dns-controller';
export const DNS_STANDBY = 'standby';

// ---- components/postgres-distributed/cluster.yaml: spec.replica --------------------------------

function replicaMap(text: string, file: string): YAMLMap {
  const doc = parseForEdit(text, file, 'a CloudNativePG Cluster patch with spec.replica');
  const replica = doc.getIn(['spec', 'replica'], true);
  if (!isMap(replica) || replica.flow)
    throw new ToolError(
      `${file}: no block mapping at spec.replica (expected the distributed ` +
        `topology: spec.replica.self, primary, source)`,
    );
  return replica;
}

export interface ComponentReplica {
  readonly primary: string | undefined;
  readonly promotionToken: string | undefined;
  readonly enabled: unknown;
}

export function readComponentReplica(text: string, file: string = FILES.component): ComponentReplica {
  const m = replicaMap(text, file);
  const str = (k: string): string | undefined => {
    const v = pairOf(m, k)?.value;
    return isScalar(v) && v.value !== null ? String(v.value) : undefined;
  };
  const enabled = pairOf(m, 'enabled');
  return {
    primary: str('primary'),
    promotionToken: str('promotionToken'),
    enabled: enabled ? (isScalar(enabled.value) ? enabled.value.value : true) : undefined,
  };
}

/** Sets spec.replica.primary and spec.replica.promotionToken (undefined removes it). */
export function setComponentReplica(
  text: string,
  primary: string,
  token: string | undefined,
  comment: string,
  file: string = FILES.component,
): string {
  const m = replicaMap(text, file);
  const edits: Edit[] = [];
  const primaryPair = pairOf(m, 'primary');
  if (!primaryPair || !isScalar(primaryPair.value))
    throw new ToolError(
      `${file}: spec.replica.primary is missing (expected the distributed topology to name the primary)`,
    );
  if (String(primaryPair.value.value) !== primary) edits.push(setScalarEdit(primaryPair.value, primary));
  const tokenPair = pairOf(m, 'promotionToken');
  if (token === undefined) {
    if (tokenPair) edits.push(removePairEdit(text, tokenPair));
  } else if (tokenPair && isScalar(tokenPair.value)) {
    if (String(tokenPair.value.value) !== token) edits.push(setScalarEdit(tokenPair.value, token));
  } else {
    const k = rangeOf(primaryPair.key) as [number, number, number];
    const at = nextLineStart(text, lineEnd(text, (rangeOf(primaryPair.value) as [number, number, number])[1]));
    edits.push({
      start: at,
      end: at,
      text: `${' '.repeat(columnOf(text, k[0]))}promotionToken: ${scalarText(token)}  # ${comment}\n`,
    });
  }
  return applyEdits(text, edits);
}

// ---- overlays/dr/patches/postgres.yaml: JSON 6902 operations ------------------------------------

export type PatchOp = { readonly op: 'add' | 'replace'; readonly value: string } | { readonly op: 'remove' };

export const PRIMARY_PATH = '/spec/replica/primary';
export const TOKEN_PATH = '/spec/replica/promotionToken';

function opsSeq(text: string, file: string) {
  const doc = parseForEdit(text, file, 'a JSON 6902 patch: a list of {op, path, value}');
  if (!isSeq(doc.contents) || doc.contents.flow)
    throw new ToolError(
      `${file}: not a block list of operations (expected a JSON 6902 patch: - op: ..., path: ..., value: ...)`,
    );
  return doc.contents;
}

function opPath(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const p = pairOf(item, 'path')?.value;
  return isScalar(p) ? String(p.value) : undefined;
}

/** The operation on `path` in a JSON 6902 patch text, if any. */
export function readOp(text: string, path: string, file: string = FILES.drPostgres): PatchOp | undefined {
  const item = opsSeq(text, file).items.find((i) => opPath(i) === path);
  if (!item || !isMap(item)) return undefined;
  const op = pairOf(item, 'op')?.value;
  const value = pairOf(item, 'value')?.value;
  const kind = isScalar(op) ? String(op.value) : '';
  if (kind === 'remove') return { op: 'remove' };
  if (kind === 'add' || kind === 'replace') return { op: kind, value: isScalar(value) ? String(value.value) : '' };
  throw new ToolError(`${file}: the operation on ${path} is "${kind}" (expected add, replace or remove)`);
}

function opText(path: string, op: PatchOp, comment: string): string {
  const head = `- op: ${op.op}  # ${comment}\n  path: ${path}\n`;
  return op.op === 'remove' ? head : `${head}  value: ${scalarText(op.value)}\n`;
}

/** Sets (or, with undefined, removes) the operation on `path`; a new one is appended at the end. */
export function setOp(
  text: string,
  path: string,
  op: PatchOp | undefined,
  comment: string,
  file: string = FILES.drPostgres,
): string {
  const seq = opsSeq(text, file);
  const index = seq.items.findIndex((i) => opPath(i) === path);
  const current = index >= 0 ? readOp(text, path, file) : undefined;
  if (JSON.stringify(current) === JSON.stringify(op)) return text;
  if (index < 0) {
    if (!op) return text;
    return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${opText(path, op, comment)}`;
  }
  const item = seq.items[index];
  const r = rangeOf(item) as [number, number, number];
  const next = seq.items[index + 1];
  const start = lineStart(text, r[0]);
  const end = next
    ? lineStart(text, (rangeOf(next) as [number, number, number])[0])
    : nextLineStart(text, lineEnd(text, r[1] - 1));
  return applyEdits(text, [{ start, end, text: op ? opText(path, op, comment) : '' }]);
}

// ---- overlays/dr/patches/hpa.yaml: minReplicas, with a standby note -----------------------------

const STANDBY_NOTE = /#\s*standby minReplicas:\s*(\d+)/;

export interface HpaMin {
  readonly name: string;
  readonly minReplicas: number;
  /** the standby value noted by a failover, if any */
  readonly standby: number | undefined;
}

function hpaDocs(text: string, file: string): { doc: Document; name: string }[] {
  const docs = parseAllDocuments(text) as Document[];
  for (const d of docs)
    if (d.errors[0])
      throw new ToolError(`${file}: ${d.errors[0].message.split('\n')[0]} (expected HorizontalPodAutoscaler patches)`);
  return docs
    .filter((d) => d.contents !== null && d.get('kind') === 'HorizontalPodAutoscaler')
    .map((doc) => ({ doc, name: String(doc.getIn(['metadata', 'name'])) }));
}

export function readHpaMins(text: string, file: string = FILES.drHpa): HpaMin[] {
  return hpaDocs(text, file).flatMap(({ doc, name }) => {
    const node = doc.getIn(['spec', 'minReplicas'], true);
    if (!isScalar(node)) return [];
    const r = rangeOf(node) as [number, number, number];
    const line = text.slice(r[0], lineEnd(text, r[0]));
    const note = STANDBY_NOTE.exec(line);
    return [{ name, minReplicas: Number(node.value), standby: note ? Number(note[1]) : undefined }];
  });
}

/**
 * Sets each named HPA's minReplicas. `standby` given: the old value is noted on the line
 * ("# standby minReplicas: N") so a failback can restore it; undefined: the note is dropped.
 */
export function setHpaMins(
  text: string,
  wanted: ReadonlyMap<string, { value: number; note?: number | undefined }>,
  file: string = FILES.drHpa,
): string {
  const edits: Edit[] = [];
  for (const { doc, name } of hpaDocs(text, file)) {
    const want = wanted.get(name);
    const node = doc.getIn(['spec', 'minReplicas'], true);
    if (!want || !isScalar(node)) continue;
    const r = rangeOf(node) as [number, number, number];
    const end = lineEnd(text, r[0]);
    const rest = text.slice(r[1], end).replace(STANDBY_NOTE, '').trimEnd();
    const note = want.note !== undefined ? `  # standby minReplicas: ${want.note} (npm run failback restores it)` : '';
    const replacement = `${want.value}${rest.replace(/\s*\(npm run failback restores it\)/, '')}${note}`;
    if (text.slice(r[0], end) !== replacement) edits.push({ start: r[0], end, text: replacement });
  }
  return applyEdits(text, edits);
}

// ---- overlays/*/patches/dns.yaml: the traffic switch --------------------------------------------

export function readDns(text: string, file: string): string | undefined {
  const doc = parseForEdit(text, file, `an Ingress patch with metadata.annotations["${DNS_ANNOTATION}"]`);
  const v = doc.getIn(['metadata', 'annotations', DNS_ANNOTATION]);
  return v === undefined || v === null ? undefined : String(v);
}

export function setDns(text: string, value: string, file: string): string {
  const doc = parseForEdit(text, file, `an Ingress patch with metadata.annotations["${DNS_ANNOTATION}"]`);
  const node = doc.getIn(['metadata', 'annotations', DNS_ANNOTATION], true);
  if (!isScalar(node))
    throw new ToolError(
      `${file}: no metadata.annotations["${DNS_ANNOTATION}"] (expected the ` +
        `DR traffic switch: ${DNS_ACTIVE} on the active site, ${DNS_STANDBY}` +
        ` on the other)`,
    );
  return String(node.value) === value ? text : applyEdits(text, [setScalarEdit(node, value)]);
}

// ---- components/postgres-distributed/cluster.yaml: the dhaka member's bootstrap and archive ------

/** Annotation on both members: serverNames whose archive holds an earlier generation's WAL. */
export const RETIRED_ANNOTATION = 'his.zarishsphere.com/retired-server-names';

export interface MemberSettings {
  /** spec.plugins[0].parameters.serverName: where this member archives */
  readonly serverName: string | undefined;
  /** externalClusters[name].plugin.parameters.serverName: where each member archives, as both read it */
  readonly externalServerNames: Readonly<Record<string, string>>;
  readonly retired: readonly string[];
  /** pg_basebackup.source when the member is written to clone from the other */
  readonly clonedFrom: string | undefined;
}

export function parseRetired(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

export function readMember(text: string, file: string = FILES.component): MemberSettings {
  const doc = asObj(parseForEdit(text, file, 'a CloudNativePG Cluster patch').toJS());
  const spec = asObj(doc.spec);
  const plugins = Array.isArray(spec.plugins) ? spec.plugins : [];
  const serverName = asObj(asObj(plugins[0]).parameters).serverName;
  const external: Record<string, string> = {};
  for (const e of Array.isArray(spec.externalClusters) ? spec.externalClusters : []) {
    const name = asObj(e).name;
    const sn = asObj(asObj(asObj(e).plugin).parameters).serverName;
    if (typeof name === 'string' && typeof sn === 'string') external[name] = sn;
  }
  const source = asObj(asObj(spec.bootstrap).pg_basebackup).source;
  return {
    serverName: typeof serverName === 'string' ? serverName : undefined,
    externalServerNames: external,
    retired: parseRetired(asObj(asObj(doc.metadata).annotations)[RETIRED_ANNOTATION]),
    clonedFrom: typeof source === 'string' ? source : undefined,
  };
}

/** The next generation's serverName of a member: dhaka -> dhaka-2 -> dhaka-3. */
export function nextServerName(current: string, taken: readonly string[]): string {
  const m = /^(.*?)(?:-(\d+))?$/.exec(current) as RegExpExecArray;
  const base = m[1] as string;
  let n = m[2] ? Number(m[2]) + 1 : 2;
  while (taken.includes(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

export interface ApplicationDatabase {
  readonly database: string;
  readonly owner: string;
  readonly secret: string;
}

export interface MemberChange {
  /** write the member as a clone (pg_basebackup) of this external cluster, replacing initdb */
  readonly cloneFrom?: { readonly source: string; readonly app: ApplicationDatabase } | undefined;
  /** this member's own archive: spec.plugins[0] serverName (component only) */
  readonly serverName?: string | undefined;
  /** where a member archives, as both members read it: externalClusters[member].plugin serverName */
  readonly externalServerName?: { readonly member: string; readonly serverName: string } | undefined;
  /** add to the retired-server-names annotation */
  readonly retire?: string | undefined;
}

/** Edits the member settings of the component (comments kept; the yaml library re-prints the file). */
export function setMember(text: string, change: MemberChange, file: string = FILES.component): string {
  const doc = parseForEdit(text, file, 'a CloudNativePG Cluster patch');
  if (change.cloneFrom) {
    const { source, app } = change.cloneFrom;
    const node = doc.createNode({
      initdb: null,
      pg_basebackup: { source, database: app.database, owner: app.owner, secret: { name: app.secret } },
    });
    node.commentBefore = ` a new replica must clone the primary (the webhook refuses initdb); null drops base's initdb`;
    doc.setIn(['spec', 'bootstrap'], node);
  }
  if (change.serverName !== undefined) {
    if (!doc.hasIn(['spec', 'plugins', 0, 'parameters', 'serverName']))
      throw new ToolError(
        `${file}: no spec.plugins[0].parameters.serverName (expected the member's Barman Cloud archive)`,
      );
    doc.setIn(['spec', 'plugins', 0, 'parameters', 'serverName'], change.serverName);
  }
  if (change.externalServerName) {
    const list = doc.getIn(['spec', 'externalClusters'], true);
    const items = isSeq(list) ? list.items : [];
    const index = items.findIndex((i) => isMap(i) && i.get('name') === change.externalServerName?.member);
    if (index < 0)
      throw new ToolError(
        `${file}: no externalClusters entry named ${change.externalServerName.member} (expected both members listed)`,
      );
    doc.setIn(
      ['spec', 'externalClusters', index, 'plugin', 'parameters', 'serverName'],
      change.externalServerName.serverName,
    );
  }
  if (change.retire !== undefined) {
    const current = parseRetired(doc.getIn(['metadata', 'annotations', RETIRED_ANNOTATION]));
    if (!current.includes(change.retire)) {
      if (!doc.hasIn(['metadata', 'annotations'])) doc.setIn(['metadata', 'annotations'], doc.createNode({}));
      doc.setIn(['metadata', 'annotations', RETIRED_ANNOTATION], [...current, change.retire].join(','));
    }
  }
  return String(doc);
}
