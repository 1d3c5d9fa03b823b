/**
 * The files a kustomization is made of, read without kustomize: what refers to a remote base
 * (refused unless allowed), and which file of the repo does not parse when a build fails.
 * Only the file lists are read; kustomize still does all the building.
 */
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { fastValues } from '../yaml-stream.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Fields whose entries are kustomization directories or files, possibly remote. */
const REF_FIELDS = [
  'resources',
  'bases',
  'components',
  'generators',
  'transformers',
  'validators',
  'crds',
  'configurations',
];
/** Fields whose entries (or entries' path:) are local files. */
const FILE_FIELDS = ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements'];

export interface GraphRef {
  /** absolute file of the kustomization that names it */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly entry: string;
}

export interface YamlProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Remote the way kustomize reads it: a URL (https://, ssh://, git::, file://), scp-like
 * git@host:org/repo, or a host path (github.com/org/repo) that is not a local file.
 */
export function isRemoteEntry(entry: string, dir: string): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry) || entry.startsWith('git::')) return true;
  if (/^[\w.-]+@[\w.-]+:/.test(entry)) return true;
  const first = entry.split('/')[0] ?? '';
  return (
    /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?$/.test(first) &&
    entry.includes('/') &&
    !existsSync(path.resolve(dir, entry))
  );
}

function kustomizationIn(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f) && statSync(f).isFile());
}

function isRegularFile(file: string): boolean {
  try {
    return lstatSync(file).isFile() || (existsSync(file) && statSync(file).isFile());
  } catch {
    return false;
  }
}

function parse(file: string): { docs: Document[]; lineCounter: LineCounter } | undefined {
  if (!isRegularFile(file)) return undefined;
  const lineCounter = new LineCounter();
  try {
    return {
      docs: parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false }) as Document[],
      lineCounter,
    };
  } catch {
    return undefined;
  }
}

interface Walk {
  readonly refs: GraphRef[];
  readonly files: string[];
}

/** A kustomization's list fields in file order, and where an item of one is written. */
interface KustomizationLists {
  readonly fields: readonly (readonly [string, readonly unknown[]])[];
  position(field: string, index: number): { line: number; col: number };
}

/**
 * The list fields of a kustomization file: from the fast reader's value when it reads the file (its
 * keys keep the file's order unless one is integer-like), else from the full parse, which also gives
 * an item's position (parsed only when one is asked for).
 */
function kustomizationLists(kfile: string): KustomizationLists | undefined {
  let full: { parsed: ReturnType<typeof parse> } | undefined;
  const parsed = (): ReturnType<typeof parse> => {
    full ??= { parsed: parse(kfile) };
    return full.parsed;
  };
  const seqOf = (field: string) => {
    const doc = parsed()?.docs[0];
    const pair = isMap(doc?.contents)
      ? doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === field)
      : undefined;
    return isSeq(pair?.value) ? (pair.value.items as Node[]) : [];
  };
  const position = (field: string, index: number) =>
    parsed()?.lineCounter.linePos((seqOf(field)[index]?.range?.[0] ?? 0) as number) ?? { line: 1, col: 1 };
  let value: unknown;
  try {
    value = isRegularFile(kfile) ? fastValues(readFileSync(kfile, 'utf8'))?.[0] : undefined;
  } catch {
    value = undefined;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.some(([k]) => /^\d+$/.test(k)))
      return { fields: entries.flatMap(([f, v]) => (Array.isArray(v) ? [[f, v] as const] : [])), position };
  }
  const doc = parsed()?.docs[0];
  if (!doc || !isMap(doc.contents)) return undefined;
  const fields = doc.contents.items.flatMap((pair) =>
    isSeq(pair.value)
      ? [
          [
            isScalar(pair.key) ? String(pair.key.value) : '',
            (pair.value.items as Node[]).map((n) => (isScalar(n) ? n.value : isMap(n) ? { path: n.get('path') } : n)),
          ] as const,
        ]
      : [],
  );
  return { fields, position };
}

/** Walks the kustomization in `dir` and every local kustomization it includes (each once). */
export function walkKustomization(dir: string): Walk {
  const out: Walk = { refs: [], files: [] };
  const visited = new Set<string>();
  const visit = (d: string): void => {
    const abs = path.resolve(d);
    if (visited.has(abs) || visited.size > 10_000) return;
    visited.add(abs);
    const kfile = kustomizationIn(abs);
    if (!kfile) return;
    out.files.push(kfile);
    const lists = kustomizationLists(kfile);
    for (const [field, items] of lists?.fields ?? []) {
      items.forEach((item, index) => {
        const value =
          typeof item === 'string'
            ? item
            : item && typeof item === 'object' && !Array.isArray(item)
              ? (item as Record<string, unknown>).path
              : undefined;
        if (typeof value !== 'string' || value.includes('\n')) return;
        if (REF_FIELDS.includes(field)) {
          if (isRemoteEntry(value, abs)) {
            const pos = (lists as KustomizationLists).position(field, index);
            out.refs.push({ file: kfile, line: pos.line, column: pos.col, field, entry: value });
            return;
          }
          const target = path.resolve(abs, value);
          if (kustomizationIn(target)) visit(target);
          else out.files.push(target);
        } else if (FILE_FIELDS.includes(field)) {
          out.files.push(path.resolve(abs, value));
        }
      });
    }
  };
  visit(dir);
  return out;
}

/** Remote bases named anywhere in the kustomization graph of `dir`. */
export function remoteBases(dir: string): GraphRef[] {
  return walkKustomization(dir).refs;
}

/** The first file of the kustomization graph of `dir` that does not parse as YAML, with its position. */
export function firstYamlProblem(dir: string): YamlProblem | undefined {
  for (const file of [...new Set(walkKustomization(dir).files)]) {
    const parsed = parse(file);
    for (const doc of parsed?.docs ?? []) {
      const error = doc.errors[0];
      if (error && parsed) {
        const pos = parsed.lineCounter.linePos(error.pos[0]);
        return { file, line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? '' };
      }
    }
  }
  return undefined;
}
