/**
 * Where a rendered resource's fields are written in the repo. Instead of asking kustomize to
 * annotate every resource with its origin (which made builds about twice as slow), this reads the
 * kustomization graph of a target, only its file lists, never its transformations, and indexes
 * the documents it names:
 *   - resource files (resources:, directly or through bases and components), by kind and name;
 *   - strategic-merge patch files (patches: path:), by the kind and name they patch;
 *   - images: entries, by image name.
 * A field is located in the last patch that writes it, else in its resource file; an image in the
 * images: entry that sets its tag. Kustomize still does all the building.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import type { FieldPath } from './findings.js';
import { pairOf } from './yaml-index.js';
import { fastValues } from './yaml-stream.js';

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * One source file. Its documents' values are read by the fast stream reader when it can read them
 * exactly (yaml-stream.ts); the `yaml` Documents with their source ranges are parsed only when a
 * location inside the file is asked for.
 */
class ParsedFile {
  private parsedDocs: readonly Document[] | undefined;
  private counter: LineCounter | undefined;
  readonly values: readonly unknown[];

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    const fast = fastValues(text);
    this.values = fast ?? this.docs.map(jsOf);
  }

  /** The file's non-empty documents, in order (the same documents `values` holds). */
  get docs(): readonly Document[] {
    if (!this.parsedDocs) {
      this.counter = new LineCounter();
      this.parsedDocs = (
        parseAllDocuments(this.text, { lineCounter: this.counter, uniqueKeys: false }) as Document[]
      ).filter((d) => d.contents !== null);
    }
    return this.parsedDocs;
  }

  get lineCounter(): LineCounter {
    if (!this.counter) void this.docs;
    return this.counter as LineCounter;
  }

  /** The Document of `values[index]`; undefined if the two readings disagree on the documents. */
  doc(index: number): Document | undefined {
    return this.docs.length === this.values.length ? this.docs[index] : undefined;
  }
}

interface IndexedDoc {
  readonly parsed: ParsedFile;
  readonly index: number;
  readonly value: unknown;
}

interface ImageEntry {
  readonly name: string;
  readonly parsed: ParsedFile;
  readonly index: number;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Parsed files shared by every target of one run. */
export class SourceFiles {
  private readonly cache = new Map<string, ParsedFile | undefined>();

  constructor(readonly root: string) {}

  get(rel: string): ParsedFile | undefined {
    if (!this.cache.has(rel)) {
      const full = path.join(this.root, rel);
      let parsed: ParsedFile | undefined;
      if (existsSync(full) && statSync(full).isFile()) parsed = new ParsedFile(rel, readFileSync(full, 'utf8'));
      this.cache.set(rel, parsed);
    }
    return this.cache.get(rel);
  }
}

function lineOf(parsed: ParsedFile, offset: number): number {
  return parsed.lineCounter.linePos(offset).line;
}

/** Line of the deepest node of `fieldPath` written in `doc`, how deep it got, and whether it ended on a scalar value.
 *
 */
function deepest(
  parsed: ParsedFile,
  doc: Document,
  fieldPath: FieldPath,
): { line: number; depth: number; scalar: boolean } {
  let node: unknown = doc.contents;
  const start = (node as { range?: number[] } | null)?.range?.[0] ?? 0;
  let line = lineOf(parsed, start);
  let depth = 0;
  for (const key of fieldPath) {
    if (isMap(node)) {
      const pair = pairOf(node, key);
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) line = lineOf(parsed, pair.key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      // Strategic-merge patches list containers by name, not position: match list items by name.
      const item = node.items[key] as { range?: number[] } | undefined;
      if (!item) break;
      if (item.range) line = lineOf(parsed, item.range[0] as number);
      node = item;
    } else break;
    depth++;
  }
  return { line, depth, scalar: depth === fieldPath.length && isScalar(node) };
}

const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
const kindOf = (d: IndexedDoc): unknown => field(d.value, 'kind');
/** A document's value; an alias bomb has none to trace into (the loader reports it). */
const jsOf = (doc: Document): unknown => {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
};
const nameOf = (d: IndexedDoc): unknown => field(field(d.value, 'metadata'), 'name');

/** The files one target is made of, from its kustomization graph. */
export class SourceIndex {
  private readonly resources: IndexedDoc[] = [];
  private readonly patches: IndexedDoc[] = [];
  private readonly images: ImageEntry[] = [];
  private readonly visited = new Set<string>();

  constructor(
    private readonly files: SourceFiles,
    private readonly targetPath: string,
    lazy = false,
  ) {
    if (!lazy) this.index();
  }

  private indexed = false;
  /** With `lazy`, the kustomization graph is read on the first question (a target whose findings are
   * cached asks none); only for callers that locate while the tree is still there and unchanged. */
  private index(): void {
    if (this.indexed) return;
    this.indexed = true;
    this.walk(this.targetPath.replace(/\/$/, ''));
  }

  private walk(dir: string): void {
    if (this.visited.has(dir)) return;
    this.visited.add(dir);
    const kfile = KUSTOMIZATION_FILES.map((f) => (dir ? `${dir}/${f}` : f)).find((f) => this.files.get(f));
    if (!kfile) return;
    const parsed = this.files.get(kfile) as ParsedFile;
    if (parsed.values.length === 0) return;
    const kustomization = parsed.values[0];
    const list = (key: string): unknown[] => {
      const v = field(kustomization, key);
      return Array.isArray(v) ? v : [];
    };
    const rel = (p: string): string => path.posix.normalize(path.posix.join(dir, p));
    for (const entry of [...list('resources'), ...list('bases'), ...list('components')]) {
      if (typeof entry !== 'string' || /^[a-z]+:\/\//.test(entry)) continue;
      const target = rel(entry);
      if (KUSTOMIZATION_FILES.some((f) => this.files.get(`${target}/${f}`))) this.walk(target);
      else this.addDocs(target, this.resources);
    }
    for (const entry of [...list('patches'), ...list('patchesStrategicMerge')]) {
      const file =
        typeof entry === 'string'
          ? entry
          : typeof (entry as { path?: unknown })?.path === 'string'
            ? (entry as { path: string }).path
            : undefined;
      if (file && !file.includes('\n')) this.addDocs(rel(file), this.patches);
    }
    list('images').forEach((item, index) => {
      const name = field(item, 'name');
      if (typeof name === 'string') this.images.push({ name, parsed, index });
    });
  }

  private addDocs(file: string, into: IndexedDoc[]): void {
    const parsed = this.files.get(file);
    if (!parsed) return;
    parsed.values.forEach((value, index) => {
      into.push({ parsed, index, value });
    });
  }

  /** resources by kind, then the first of each kind and name: lookups in constant time (10,000 resources made them
   * quadratic)
   */
  private byKind: Map<unknown, { all: IndexedDoc[]; byName: Map<unknown, IndexedDoc> }> | undefined;
  private patchesOf: Map<string, IndexedDoc[]> | undefined;

  /** The resource file a rendered object comes from (Namespaces are renamed by overlays: matched by kind alone when
   * unique).
   */
  private resourceFor(kind: unknown, name: unknown): IndexedDoc | undefined {
    if (!this.byKind) {
      this.byKind = new Map();
      for (const r of this.resources) {
        const k = kindOf(r);
        let entry = this.byKind.get(k);
        if (!entry) {
          entry = { all: [], byName: new Map() };
          this.byKind.set(k, entry);
        }
        entry.all.push(r);
        const n = nameOf(r);
        if (!entry.byName.has(n)) entry.byName.set(n, r);
      }
    }
    const sameKind = this.byKind.get(kind);
    return (
      sameKind?.byName.get(name) ?? (kind === 'Namespace' && sameKind?.all.length === 1 ? sameKind.all[0] : undefined)
    );
  }

  /** The patches of one kind and name, in order. */
  private patchesFor(kind: unknown, name: unknown): IndexedDoc[] {
    if (!this.patchesOf) {
      this.patchesOf = new Map();
      for (const p of this.patches) {
        const key = `${String(kindOf(p))}\u0000${String(nameOf(p))}`;
        this.patchesOf.set(key, [...(this.patchesOf.get(key) ?? []), p]);
      }
    }
    return this.patchesOf.get(`${String(kind)}\u0000${String(name)}`) ?? [];
  }

  /** The repo file the object is defined in, if any. */
  fileOf(object: Record<string, unknown>): string | undefined {
    this.index();
    return this.resourceFor(object.kind, (object.metadata as Record<string, unknown> | undefined)?.name)?.parsed.file;
  }

  /** Where a field of a rendered object is written: images: entry, last patch writing it, or its resource file. */
  locate(object: Record<string, unknown>, fieldPath: FieldPath): SourceLocation | undefined {
    this.index();
    const kind = object.kind;
    const name = (object.metadata as Record<string, unknown> | undefined)?.name;
    const last = fieldPath[fieldPath.length - 1];
    if ((last === 'image' || last === 'imageName') && fieldPath.length > 1) {
      const image = this.valueAt(object, fieldPath);
      if (typeof image === 'string') {
        const repo = image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^:/]+$/, '');
        // The outermost kustomization's entry wins, as kustomize applies it last.
        const entry = [...this.images].reverse().find((e) => e.name === repo);
        if (entry) {
          const images = entry.parsed.doc(0)?.get('images');
          const node = isSeq(images) ? (images.items[entry.index] as YAMLMap | undefined) : undefined;
          const tagNode = isMap(node)
            ? (node.items.find((p) => isScalar(p.key) && ['newTag', 'digest'].includes(String(p.key.value)))?.key as
                | { range?: number[] }
                | undefined)
            : undefined;
          const offset = tagNode?.range?.[0] ?? node?.range?.[0];
          if (offset !== undefined) return { file: entry.parsed.file, line: lineOf(entry.parsed, offset) };
        }
      }
    }
    const base = this.resourceFor(kind, name);
    // Every patch repeats metadata.name to say what it patches: the name itself is the resource's.
    const patches = fieldPath[0] === 'metadata' && fieldPath[1] === 'name' ? [] : this.patchesFor(kind, name);
    let best: { file: string; line: number; depth: number } | undefined;
    const baseDoc = base?.parsed.doc(base.index);
    if (base && baseDoc)
      best = {
        file: base.parsed.file,
        ...deepest(base.parsed, baseDoc, this.namedPath(object, fieldPath, base.value)),
      };
    for (const patch of patches) {
      const patchDoc = patch.parsed.doc(patch.index);
      if (!patchDoc || kindOf(patch) !== kind || nameOf(patch) !== name) continue;
      const hit = deepest(patch.parsed, patchDoc, this.namedPath(object, fieldPath, patch.value));
      // A patch is the answer where it goes deeper than the resource file, or where both write the
      // same value (the patch overrides it); an object both mention stays with its definition. At the
      // top level (apiVersion, kind, metadata, spec: every patch repeats them) only a field the patch
      // alone writes: one indented too little, say, is the patch's line that has to change.
      const deeper = !best || hit.depth > best.depth;
      const topLevelOwn = hit.depth === 1 && fieldPath.length === 1 && deeper;
      if (topLevelOwn || (hit.depth >= 2 && (deeper || (hit.depth === best?.depth && hit.scalar))))
        best = { file: patch.parsed.file, ...hit };
    }
    return best ? { file: best.file, line: best.line } : undefined;
  }

  /** Rewrites list indexes of the rendered object into a source document's own, matching items by name (kustomize may
   * reorder them).
   */
  private namedPath(object: Record<string, unknown>, fieldPath: FieldPath, source: unknown): FieldPath {
    const out: (string | number)[] = [];
    let value: unknown = object;
    let patchValue: unknown = source;
    for (const key of fieldPath) {
      if (typeof key === 'number' && Array.isArray(value) && Array.isArray(patchValue)) {
        const itemName = (value[key] as { name?: unknown } | undefined)?.name;
        const i =
          itemName === undefined ? key : patchValue.findIndex((p) => (p as { name?: unknown })?.name === itemName);
        out.push(i < 0 ? Number.MAX_SAFE_INTEGER : i);
        value = value[key];
        patchValue = i < 0 ? undefined : patchValue[i];
      } else {
        out.push(key);
        value = (value as Record<string, unknown> | undefined)?.[key as string];
        patchValue = (patchValue as Record<string, unknown> | undefined)?.[key as string];
      }
    }
    return out;
  }

  private valueAt(object: unknown, fieldPath: FieldPath): unknown {
    let value = object;
    for (const key of fieldPath) value = (value as Record<string | number, unknown> | undefined)?.[key];
    return value;
  }
}
