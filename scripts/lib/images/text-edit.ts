/**
 * Byte-exact edits of YAML files. The `yaml` Document API parses the file and says where each node
 * is (its source range); the edit then replaces only those bytes, Renovate-style, so every comment,
 * blank line, key order and quoting style outside the edited scalar stays as it was. (Serialising
 * the whole Document back with toString() is not byte-exact: it re-spaces trailing comments and
 * collapses blank lines.) Pure functions over strings.
 */
import {
  isMap,
  isScalar,
  isSeq,
  parse,
  parseAllDocuments,
  Scalar,
  type Document,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { ToolError } from '../errors.js';

/** Replace text[start, end) with `text`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at offset ${e.start}`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Offset of the start of the line containing `offset`. */
export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line containing `offset` (or the end of the text). */
export function nextLineStart(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl < 0 ? source.length : nl + 1;
}

/** Offset of the end of the line's content (before the newline). */
export function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl < 0 ? source.length : nl;
}

/** Column (0-based) of an offset. */
export function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

/** 1-based line of an offset. */
export function lineNumberOf(source: string, offset: number): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

/** Would `value` read back as the same string if written as a plain scalar? */
function plainSafe(value: string): boolean {
  if (
    value === '' ||
    /^[\s]|[\s]$/.test(value) ||
    /[:#]\s|\s#|^[-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    value.includes('\n')
  )
    return false;
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}

/**
 * The source text of a scalar holding `value`, in the quoting style `like` had (plain, single or
 * double quoted); a plain style falls back to double quotes when the value would not read back as
 * the same string (e.g. 1.5 or true).
 */
export function scalarText(value: string, like?: Scalar.Type | undefined): string {
  if (like === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (like === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  return plainSafe(value) ? value : JSON.stringify(value);
}

/** Parses one YAML document for editing; a parse error is a ToolError naming the file and line. */
export function parseForEdit(source: string, file: string, expected: string): Document {
  const docs = parseAllDocuments(source, { keepSourceTokens: false }) as Document[];
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  for (const d of docs) {
    const error = d.errors[0];
    if (error)
      throw new ToolError(
        `${file}:${lineNumberOf(source, error.pos[0])}: ${error.message.split('\n')[0]} (expected ${expected})`,
      );
  }
  if (nonEmpty.length !== 1)
    throw new ToolError(`${file}: holds ${nonEmpty.length} YAML documents (expected one: ${expected})`);
  return nonEmpty[0] as Document;
}

/** The pair of `map` whose key is `key`. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
}

export function rangeOf(node: unknown): [number, number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ?? undefined;
}

/** An edit that sets the scalar `node` to `value`, keeping its quoting style. */
export function setScalarEdit(node: unknown, value: string): Edit {
  const r = rangeOf(node);
  if (!isScalar(node) || !r) throw new Error('setScalarEdit: not a scalar with a source range');
  return { start: r[0], end: r[1], text: scalarText(value, node.type) };
}

/**
 * An edit removing a map pair written in block style on its own line(s): from the start of the
 * key's line through the end of the value's line (its trailing comment included).
 */
export function removePairEdit(source: string, pair: Pair): Edit {
  const k = rangeOf(pair.key);
  const v = rangeOf(pair.value) ?? k;
  if (!k || !v) throw new Error('removePairEdit: pair without source range');
  return { start: lineStart(source, k[0]), end: nextLineStart(source, Math.max(v[1], k[1])), text: '' };
}

/** Walks a path of map keys / seq indexes through a Document's nodes. */
export function nodeAt(doc: Document, path: readonly (string | number)[]): unknown {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node) && typeof key === 'string') node = pairOf(node, key)?.value;
    else if (isSeq(node) && typeof key === 'number') node = (node as YAMLSeq).items[key];
    else return undefined;
  }
  return node;
}
