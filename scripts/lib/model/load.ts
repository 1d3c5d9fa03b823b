import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ToolError } from '../errors.js';
import { formatPath, type FieldPath, type Finding, type ResourceRef } from '../findings.js';
import type { RenderedTarget } from '../render.js';
import type { Location, Resource, Unit } from './types.js';
import { parseManifestsFast } from './fast-load.js';
import { streamFile, type PartSink } from './stream-load.js';
import { duplicateKeyErrors, pairOf } from '../yaml-index.js';
import { fileKind, flowDepthExceeded, INPUT_BOUNDS, readManifestText } from '../safety/input.js';
import { isObj } from '../objects.js';

export const DEFAULT_KUBE_VERSION = '1.35';

/** A parsed file: its documents and line positions. */
interface ParsedFile {
  readonly file: string;
  readonly docs: readonly Document[];
  readonly lineCounter: LineCounter;
}

function lineOf(lineCounter: LineCounter, offset: number): number {
  return lineCounter.linePos(offset).line;
}

function docStartLine(doc: Document, lineCounter: LineCounter): number {
  const offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? doc.range?.[0] ?? 0;
  return lineOf(lineCounter, offset);
}

/** Line of the deepest node of `path` written in `doc` (the key's line for map entries). */
export function lineInDoc(doc: Document, lineCounter: LineCounter, path: FieldPath): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined =
    node && (node as { range?: number[] }).range
      ? lineOf(lineCounter, (node as { range: number[] }).range[0] as number)
      : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = pairOf(node, key);
      if (!pair) return line;
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      if (keyRange) line = lineOf(lineCounter, keyRange[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: number[] } | undefined;
      if (!item) return line;
      if (item.range) line = lineOf(lineCounter, item.range[0] as number);
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

export function refOf(object: Record<string, unknown>, defaultNamespace?: string): ResourceRef {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : defaultNamespace;
  return {
    apiVersion: String(object.apiVersion ?? ''),
    kind: String(object.kind ?? ''),
    namespace,
    name:
      typeof metadata.name === 'string'
        ? metadata.name
        : typeof metadata.generateName === 'string'
          ? `${metadata.generateName}*`
          : undefined,
  };
}

function loadFinding(
  ruleId: string,
  message: string,
  unit: string,
  file: string,
  line: number,
  path: FieldPath = [],
): Finding {
  return { ruleId, severity: 'error', message, file, line, path: formatPath(path), unit };
}

/** Nesting deeper than the bound, found without recursion (checks walk documents recursively). */
function boundsProblem(doc: Document): string | undefined {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > INPUT_BOUNDS.maxDepth)
      return `nests deeper than ${INPUT_BOUNDS.maxDepth} levels: not loaded (expected a Kubernetes object)`;
    if (isMap(node)) for (const p of node.items) stack.push([p.value, depth + 1]);
    else if (isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
  }
  return undefined;
}

/**
 * Turns a YAML text into resources and load findings: SCH-001 (does not parse / not a mapping),
 * SCH-002 (duplicate key), SCH-003 (no apiVersion or kind); `List` kinds are expanded (SCH-004);
 * empty documents are skipped (SCH-005).
 */
export function parseManifests(
  text: string,
  file: string,
  unit: string,
  startIndex = 0,
  firstDocIndex = 0,
): { resources: Resource[]; findings: Finding[]; parsed: ParsedFile } {
  const lineCounter = new LineCounter();
  const tooDeep = flowDepthExceeded(text, INPUT_BOUNDS.maxDepth);
  if (tooDeep !== undefined) {
    const finding = loadFinding(
      'SCH-001',
      `YAML nests deeper than ${INPUT_BOUNDS.maxDepth} levels: not parsed ` +
        `(expected a Kubernetes object; deep nesting is a resource-exhaustion ` +
        `attack)`,
      unit,
      file,
      tooDeep,
    );
    return { resources: [], findings: [finding], parsed: { file, docs: [], lineCounter } };
  }
  // uniqueKeys: false, then duplicateKeyErrors: the parser's own check is quadratic in the keys of a mapping
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false }) as Document[];
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  let index = startIndex;
  // An error at the end of input (an unclosed bracket) is reported on the last line with content.
  let lastContentLine: number | undefined;
  const lastLine = (): number => (lastContentLine ??= lineCounter.linePos(text.trimEnd().length).line);
  docs.forEach((doc, i) => {
    const docIndex = firstDocIndex + i;
    const errors = doc.errors.length > 0 ? doc.errors : duplicateKeyErrors(doc);
    if (errors.length > 0) {
      for (const error of errors) {
        const line = Math.min(lineOf(lineCounter, error.pos[0]), lastLine());
        const message = error.message.split('\n')[0] ?? '';
        if (error.code === 'DUPLICATE_KEY')
          findings.push(
            loadFinding(
              'SCH-002',
              `${message} (document ${docIndex + 1}; expected each key once: YAML ` +
                `keeps only one of them and the API server rejects the object)`,
              unit,
              file,
              line,
            ),
          );
        else
          findings.push(
            loadFinding('SCH-001', `YAML does not parse: ${message} (document ${docIndex + 1})`, unit, file, line),
          );
      }
      return;
    }
    if (doc.contents === null) return;
    const bounded = boundsProblem(doc);
    if (bounded) {
      findings.push(
        loadFinding('SCH-001', `document ${docIndex + 1} ${bounded}`, unit, file, docStartLine(doc, lineCounter)),
      );
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: INPUT_BOUNDS.maxAliasCount });
    } catch (error) {
      findings.push(
        loadFinding(
          'SCH-001',
          `document ${docIndex + 1} expands more than ` +
            `${INPUT_BOUNDS.maxAliasCount} aliases: not loaded (` +
            `${(error as Error).message}; expected plain YAML, as kubectl sends it)`,
          unit,
          file,
          docStartLine(doc, lineCounter),
        ),
      );
      return;
    }
    const size = (doc.range?.[1] ?? 0) - (doc.range?.[0] ?? 0);
    if (size > INPUT_BOUNDS.maxDocumentBytes) {
      findings.push(
        loadFinding(
          'INP-001',
          `document ${docIndex + 1} is ${(size / 1024 ** 2).toFixed(1)} MiB ` +
            `(expected at most ${INPUT_BOUNDS.maxDocumentBytes / 1024 ** 2} MiB: ` +
            `the API server refuses larger requests, etcd stores at most 1.5 MiB ` +
            `per object)`,
          unit,
          file,
          docStartLine(doc, lineCounter),
        ),
      );
    }
    const start = docStartLine(doc, lineCounter);
    if (value === null || value === undefined) return;
    if (!isObj(value)) {
      findings.push(
        loadFinding(
          'SCH-001',
          `document ${docIndex + 1} is a ` +
            `${Array.isArray(value) ? 'list' : typeof value}, expected a mapping ` +
            `(a Kubernetes object)`,
          unit,
          file,
          start,
        ),
      );
      return;
    }
    const add = (object: Record<string, unknown>, prefix: FieldPath): void => {
      const at = (p: FieldPath): Location => ({ file, line: lineInDoc(doc, lineCounter, [...prefix, ...p]) ?? start });
      const location = at([]);
      const missing = ['apiVersion', 'kind'].filter((k) => typeof object[k] !== 'string' || object[k] === '');
      if (missing.length > 0) {
        findings.push(
          loadFinding(
            'SCH-003',
            `missing ${missing.map((k) => `"${k}"`).join(' and ')} (expected every ` +
              `Kubernetes object to say what it is)`,
            unit,
            file,
            location.line,
            prefix,
          ),
        );
        return;
      }
      resources.push({ object, ref: refOf(object), unit, index: index++, location, locate: at, doc });
    };
    if (typeof value.kind === 'string' && value.kind.toLowerCase() === 'list' && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (isObj(item)) add(item, ['items', i]);
        else
          findings.push(
            loadFinding(
              'SCH-001',
              `List item ${i} is not a mapping`,
              unit,
              file,
              lineInDoc(doc, lineCounter, ['items', i]) ?? start,
              ['items', i],
            ),
          );
      });
      return;
    }
    add(value, []);
  });
  return { resources, findings, parsed: { file, docs, lineCounter } };
}

const YAML_FILE = /\.(ya?ml|json)$/i;
/** Files in a directory that are kustomize wiring or tool config, not Kubernetes objects. */
const NOT_MANIFESTS = new Set([
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'index.json',
]);

async function listYamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listYamlFiles(full)));
    // FIFOs, devices and sockets named *.yaml are kept, to be reported (never read) by the caller
    else if (YAML_FILE.test(entry.name) && !NOT_MANIFESTS.has(entry.name)) out.push(full);
  }
  return out;
}

/**
 * One unit per path argument (a file, or a directory of YAML files), as kubeconform reads them.
 * With a `sink`, each file is read in parts, each handed to the sink (its checks) before the next
 * is read, and the unit's resources keep only their index (./stream-load.ts).
 */
export async function loadPathUnit(
  arg: string,
  cwd: string,
  kubernetesVersion: string,
  root: string = cwd,
  sink?: PartSink,
): Promise<Unit> {
  const full = path.resolve(cwd, arg);
  const kind = fileKind(full);
  if (kind === 'missing')
    throw new ToolError(`${arg}: no such file or directory (expected a manifest file or a directory of YAML files)`);
  const files = kind === 'directory' ? await listYamlFiles(full) : [full];
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  // Reports name files relative to the repository root (SARIF URIs, annotations); a file outside it keeps its absolute
  // path.
  const relOf = (f: string): string => {
    const fromRoot = path.relative(root, f);
    return fromRoot.startsWith('..') || path.isAbsolute(fromRoot)
      ? f
      : fromRoot.split(path.sep).join('/') || path.basename(f);
  };
  for (const f of files) {
    const rel = relOf(f);
    const streamed = sink && fileKind(f) === 'file' ? streamFile(f, rel, arg, resources.length, sink) : undefined;
    if (streamed) {
      for (const r of streamed.resources) resources.push(r);
      for (const x of streamed.findings) findings.push(x);
      continue;
    }
    // never open a FIFO, device or socket: reading one blocks or never ends
    const read =
      fileKind(f) === 'file'
        ? readManifestText(f)
        : ({
            ok: false,
            line: 1,
            problem: 'is not a regular file (a FIFO, device or socket): skipped, never read',
          } as const);
    if (!read.ok) {
      findings.push(loadFinding('INP-001', `${rel} ${read.problem}`, arg, rel, read.line));
      continue;
    }
    const parsed = parseManifestsFast(read.text, rel, arg, resources.length);
    sink?.part(parsed.resources, parsed.findings);
    resources.push(...parsed.resources);
    findings.push(...parsed.findings);
  }
  if (resources.length === 0 && findings.length === 0) {
    const what =
      kind === 'directory'
        ? files.length === 0
          ? 'holds no YAML files'
          : 'holds no Kubernetes objects (only empty documents)'
        : 'holds no Kubernetes objects (only empty documents)';
    findings.push(
      loadFinding(
        'INP-001',
        `${arg} ${what}: nothing was validated (expected manifests; a wrong path must not pass as "0 resources")`,
        arg,
        relOf(full),
        1,
      ),
    );
  }
  return {
    name: arg,
    environment: undefined,
    namespace: undefined,
    kubernetesVersion,
    resources,
    loadFindings: findings,
  };
}

/**
 * Units for rendered targets. Each resource's fields are located where the repo writes them (the
 * target's resource files, patches and images: entries) when they can be traced, else in the
 * rendered file.
 */
export function unitsFromRendered(_root: string, rendered: readonly RenderedTarget[]): Unit[] {
  return rendered.map((r) => {
    const resources = r.resources.map((res, index): Resource => {
      const locate = (p: FieldPath): Location =>
        r.sources?.locate(res.object, p) ?? { file: r.file, line: res.lineOf(p) ?? res.line };
      let location: Location | undefined;
      return {
        object: res.object,
        ref: refOf(res.object),
        unit: r.target.name,
        index,
        // found when asked: a target whose findings come from the cache never reads its sources
        get location(): Location {
          location ??= locate([]);
          return location;
        },
        locate,
        doc: undefined,
      };
    });
    return {
      name: r.target.name,
      environment: r.target.environment,
      namespace: r.target.namespace,
      kubernetesVersion: r.target.kubernetesVersion,
      cluster: r.target.cluster || undefined,
      resources,
      loadFindings: [],
    };
  });
}
