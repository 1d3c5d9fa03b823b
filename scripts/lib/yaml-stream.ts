/**
 * Fast, streaming YAML loading for large multi-document inputs (kustomize output, big manifest
 * streams).
 *
 * Building a full `yaml` Document (every node with its source range) for every resource is what
 * made large inputs slow and memory-hungry. Here a stream is split into its documents at the
 * document markers (a `---` line at column 0 ends any YAML content, YAML 1.2 §9.1.1), and each
 * document's value is read by js-yaml with a schema that resolves plain scalars exactly as the
 * `yaml` package's YAML 1.2 core schema does (null, bool, int in decimal/0o/0x, float, .inf, .nan;
 * no timestamps, no merge keys). Source positions are recovered only where a finding needs one,
 * by parsing that one document again with `yaml`.
 *
 * Everything unusual takes the full `yaml` path (the caller's), so the results are the same as
 * before: a document js-yaml rejects (syntax errors, duplicate keys, unknown tags, too deep), one
 * with anchors or aliases (alias limits apply there), complex or null keys, and whole streams
 * with directives (%YAML, %TAG) or `...` document-end markers.
 */
import jsyaml from 'js-yaml';
import { LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { FieldPath } from './findings.js';
import { lineInDoc } from './model/load.js';

const scalar = (tag: string, test: (s: string) => boolean, construct: (s: string) => unknown): jsyaml.Type =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: unknown) => typeof s === 'string' && test(s),
    construct: (s: string) => construct(s),
  });

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The `yaml` package's core schema (YAML 1.2), for js-yaml. */
const CORE_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar(
      'null',
      (s) => NULL.test(s),
      () => null,
    ),
    scalar(
      'bool',
      (s) => BOOL.test(s),
      (s) => s[0] === 't' || s[0] === 'T',
    ),
    scalar(
      'int',
      (s) => INT_DEC.test(s) || INT_OCT.test(s) || INT_HEX.test(s),
      (s) => (INT_OCT.test(s) ? parseInt(s.slice(2), 8) : INT_HEX.test(s) ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
    ),
    scalar(
      'float',
      (s) => FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s),
      (s) =>
        FLOAT_NAN.test(s)
          ? s.slice(-3).toLowerCase() === 'nan'
            ? NaN
            : s[0] === '-'
              ? -Infinity
              : Infinity
          : parseFloat(s),
    ),
  ],
});

/** One document of a stream, as text. */
export interface StreamSegment {
  readonly text: string;
  /** 1-based line of the segment's first line in the stream */
  readonly startLine: number;
  /** 0-based offset of the segment in the stream */
  readonly startOffset: number;
}

const MARKER = /^---(?=[ \t\r\n]|$)/;

/** True when the stream as a whole must take the full parser (directives, document-end markers). */
export function needsFullParser(text: string): boolean {
  return /^(?:%|\.\.\.(?:[ \t\r]|$))/m.test(text);
}

/** Splits a stream at its `---` lines; each segment starts with its marker line (except a first one without). */
export function* segments(text: string): Generator<StreamSegment> {
  let start = 0;
  let startLine = 1;
  let line = 1;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    if (pos > start && MARKER.test(text.slice(pos, Math.min(end, pos + 4)))) {
      yield { text: text.slice(start, pos), startLine, startOffset: start };
      start = pos;
      startLine = line;
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  if (start < text.length) yield { text: text.slice(start), startLine, startOffset: start };
}

/** Complex keys (`? `) and null keys: left to the full parser. */
const UNUSUAL = /^[ \t-]*\? |^[ \t-]*(?:~|null|Null|NULL)[ \t]*:(?:[ \t]|$)/m;
/** What may be an anchor (`&a`) or an alias (`*a`), also left to the full parser. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s,\]}]/gm;

/**
 * Whether the text has an anchor or an alias: a match of ANCHOR_OR_ALIAS that is not, on its own
 * line, in a comment or in a quoted scalar that starts there (`schedule: "0 2 * * *"`, `# the
 * *-version labels`). A match on a line that continues a quoted or block scalar counts: the full
 * parser then reads a document the fast one could have, never the other way round.
 */
export function hasAnchorOrAlias(text: string): boolean {
  ANCHOR_OR_ALIAS.lastIndex = 0;
  for (let m = ANCHOR_OR_ALIAS.exec(text); m; m = ANCHOR_OR_ALIAS.exec(text)) {
    const at = m.index + (m[0][0] === '&' || m[0][0] === '*' ? 0 : 1);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!inCommentOrQuotes(text.slice(lineStart, at))) return true;
  }
  return false;
}

/** Whether the end of `line` (a line up to a column) is in a comment or a quoted scalar begun on it. */
function inCommentOrQuotes(line: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const before = i === 0 ? ' ' : (line[i - 1] as string);
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
    } else if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
    } else if (c === '#' && /\s/.test(before)) return true;
    // a quote starts a scalar only where a node may start, not inside a plain scalar (it's)
    else if ((c === '"' || c === "'") && /[\s[{,]/.test(before)) quote = c;
  }
  return quote !== undefined;
}

/**
 * The value of one document (undefined for an empty one), or `false` when it must take the full
 * parser to be read (or reported) exactly.
 */
export function fastValue(segment: string): { value: unknown } | false {
  if (UNUSUAL.test(segment) || hasAnchorOrAlias(segment)) return false;
  try {
    return { value: jsyaml.load(segment, { schema: CORE_SCHEMA }) };
  } catch {
    return false;
  }
}

/**
 * The value of each document of a small file by the fast reader, or undefined when the file must take
 * the full parser: whatever fastValue leaves to it, and empty or null documents (which the two
 * readers count differently: `yaml` drops a comment-only document, js-yaml reads it as null).
 */
export function fastValues(text: string): unknown[] | undefined {
  if (needsFullParser(text)) return undefined;
  const out: unknown[] = [];
  for (const segment of segments(text)) {
    const read = fastValue(segment.text);
    if (read === false || read.value === undefined || read.value === null) return undefined;
    out.push(read.value);
  }
  return out;
}

/**
 * The value of every non-empty document of a small file: the fast reader's, else the full parser's
 * (aliases bounded as everywhere else). Throws what the full parser throws on a broken file.
 */
export function yamlValues(text: string): unknown[] {
  return (
    fastValues(text) ??
    parseAllDocuments(text)
      .filter((d) => d.contents !== null)
      .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown)
  );
}

/** The value of a small file's first document (yamlValues), or undefined for an empty file. */
export const firstYamlValue = (text: string): unknown => yamlValues(text)[0];

/** 1-based line (within the segment) of the document's first content: what `yaml` reports as its start. */
export function contentLine(segment: string): number {
  let line = 1;
  let pos = 0;
  while (pos < segment.length) {
    const nl = segment.indexOf('\n', pos);
    const end = nl === -1 ? segment.length : nl;
    let body = segment.slice(pos, end);
    if (line === 1 && MARKER.test(body)) body = body.slice(3);
    const trimmed = body.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return line;
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  return 1;
}

/**
 * Line (within the segment, 1-based) of the deepest node of `path` written in the document: the
 * key's line for map entries, the item's for list entries. Parses the document again; for findings.
 */
export function lineInSegment(segment: string, path: FieldPath): number | undefined {
  let parsed = recent.get(segment);
  if (parsed) recent.delete(segment);
  else {
    const lineCounter = new LineCounter();
    parsed = { doc: parseDocument(segment, { lineCounter }), lineCounter };
    if (recent.size >= RECENT) recent.delete(recent.keys().next().value as string);
  }
  recent.set(segment, parsed);
  return lineInDoc(parsed.doc, parsed.lineCounter, path);
}

/** The documents most recently parsed for a location (checks report several findings per resource in a row). */
const RECENT = 64;
const recent = new Map<string, { doc: Document; lineCounter: LineCounter }>();
