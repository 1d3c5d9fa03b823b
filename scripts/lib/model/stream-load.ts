/**
 * A large path argument read in parts, for validate when none of the selected checks needs the
 * values of every resource at once (RuleMeta.unitNeeds): a file is read 64 KiB at a time, split
 * into its documents (scripts/lib/yaml-stream.ts), and every `partSize` documents are parsed
 * (./fast-load.ts, the same reader as loadPathUnit's), handed to the checks, and dropped. What is
 * kept of each resource is its index entry: ref, unit, index, start location, and where its
 * document is in the file (byte offset and length). A finding a later check reports on it, or a
 * check that asks for its value, reads that one document again from the file.
 *
 * A file that is not a regular file within the size bound, not UTF-8, or a stream with
 * directives or `...` markers takes the whole-file path (readManifestText), which reports it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ToolError } from '../errors.js';
import type { FieldPath, Finding, ResourceRef } from '../findings.js';
import { INPUT_BOUNDS } from '../safety/input.js';
import { needsFullParser, segments, type StreamSegment } from '../yaml-stream.js';
import { fastLocate, parseSegment, type SegmentState } from './fast-load.js';
import type { Location, Resource } from './types.js';

/** Where the resources of a unit read in parts go: the checks of each part run, then its values are dropped. */
export interface PartSink {
  /** documents per part */
  readonly partSize: number;
  part(resources: readonly Resource[], loadFindings: readonly Finding[]): void;
}

/** Bytes per read: the text of a chunk is then a young-generation string, gone at the next scavenge. */
const READ_BYTES = 64 * 1024;

const changed = (file: string): ToolError =>
  new ToolError(`${file}: changed or removed while it was being validated (expected it to stay as it was)`);

function openFile(file: string): number | undefined {
  try {
    // O_NONBLOCK: a FIFO that appeared after the caller's check must not hang
    return openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

/** Reads a file's bytes in chunks; `each` gets the bytes (an empty chunk at the end) and may stop with false. */
function eachChunk(fd: number, each: (bytes: Buffer) => boolean | undefined): void {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buffer, 0, READ_BYTES, pos);
    pos += n;
    if (each(buffer.subarray(0, n)) === false || n === 0) return;
  }
}

/**
 * True when the whole-file reader would read this file as text and the fast path would split it:
 * a regular file within the size bound, valid UTF-8, with no directive (%) or `...` line.
 */
function streamable(file: string): boolean {
  const fd = openFile(file);
  if (fd === undefined) return false;
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > INPUT_BOUNDS.maxFileBytes) return false;
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let carry = '';
    let ok = true;
    eachChunk(fd, (bytes) => {
      const text = carry + decoder.decode(bytes, { stream: bytes.length > 0 });
      // only whole lines: the end of a chunk is not the end of a line
      const end = bytes.length === 0 ? text.length : text.lastIndexOf('\n') + 1;
      if (needsFullParser(text.slice(0, end))) ok = false;
      carry = text.slice(end);
      return ok;
    });
    return ok;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** A document of a file: its segment, and where its bytes are. */
interface FileSegment extends StreamSegment {
  readonly byteOffset: number;
  readonly byteLength: number;
}

/** The documents of a UTF-8 file, read a chunk at a time, split where the whole text would be. */
function* documentsOf(file: string): Generator<FileSegment> {
  const fd = openFile(file);
  if (fd === undefined) throw changed(file);
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let pos = 0;
    let pending = '';
    // where `pending` starts: line, offset in the text, offset in the file (after a BOM)
    let line = 1;
    let offset = 0;
    let byte = -1;
    for (;;) {
      const n = readSync(fd, buffer, 0, READ_BYTES, pos);
      if (byte < 0) byte = n >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
      pos += n;
      try {
        pending += decoder.decode(buffer.subarray(0, n), { stream: n > 0 });
      } catch {
        throw changed(file);
      }
      // Whole lines only: a `---` line marks a document only once it is whole. The last segment
      // may go on in the next chunk, so it stays pending (at the end of the file it is complete).
      const whole = n === 0 ? pending : pending.slice(0, pending.lastIndexOf('\n') + 1);
      let last: StreamSegment | undefined;
      for (const s of segments(whole)) {
        if (last) {
          const byteLength = Buffer.byteLength(last.text);
          yield {
            ...last,
            startLine: line + last.startLine - 1,
            startOffset: offset + last.startOffset,
            byteOffset: byte,
            byteLength,
          };
          byte += byteLength;
        }
        last = s;
      }
      if (n === 0) {
        if (last)
          yield {
            ...last,
            startLine: line + last.startLine - 1,
            startOffset: offset + last.startOffset,
            byteOffset: byte,
            byteLength: Buffer.byteLength(last.text),
          };
        return;
      }
      if (last) {
        pending = pending.slice(last.startOffset);
        line += last.startLine - 1;
        offset += last.startOffset;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The text of one document, read again from its file. */
function readDocument(file: string, byteOffset: number, byteLength: number): string {
  const fd = openFile(file);
  if (fd === undefined) throw changed(file);
  try {
    const bytes = Buffer.alloc(byteLength);
    let read = 0;
    while (read < byteLength) {
      const n = readSync(fd, bytes, read, byteLength - read, byteOffset + read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A streamed file. */
interface FileSource {
  readonly path: string;
  readonly rel: string;
  readonly unit: string;
}

/** One document of a streamed file, for reading it again. */
interface DocumentSource {
  readonly file: FileSource;
  readonly startLine: number;
  readonly startOffset: number;
  readonly byteOffset: number;
  readonly byteLength: number;
  /** state before the document was read (index, docIndex), to read it again the same way */
  readonly index: number;
  readonly docIndex: number;
  /** the resources as first read, until the part they are in has been checked */
  parsed: readonly Resource[] | undefined;
  /** the text, until then */
  text: string | undefined;
}

/** Documents read again (checks report several findings per resource in a row). */
const again = new Map<DocumentSource, { text: string; resources: readonly Resource[] }>();
const AGAIN = 32;

function reread(source: DocumentSource): { text: string; resources: readonly Resource[] } {
  let hit = again.get(source);
  if (hit) again.delete(source);
  else {
    const text = readDocument(source.file.path, source.byteOffset, source.byteLength);
    const state: SegmentState = {
      file: source.file.rel,
      unit: source.file.unit,
      index: source.index,
      docIndex: source.docIndex,
      resources: [],
      findings: [],
    };
    parseSegment({ text, startLine: source.startLine, startOffset: source.startOffset }, state);
    hit = { text, resources: state.resources };
    if (again.size >= AGAIN) again.delete(again.keys().next().value as DocumentSource);
  }
  again.set(source, hit);
  return hit;
}

/**
 * A copy of a string that does not hold on to the text it was cut from (a value read by js-yaml
 * is a slice of its document, which is a slice of a 64 KiB chunk of the file).
 */
const interned = new Map<string, string>();
function own(s: string): string;
function own(s: string | undefined): string | undefined;
function own(s: string | undefined): string | undefined {
  if (s === undefined || s.length < 13) return s;
  return Buffer.from(s, 'utf8').toString('utf8');
}
/** apiVersion, kind and namespace repeat: one copy each. */
function shared(s: string | undefined): string | undefined {
  if (s === undefined) return s;
  let kept = interned.get(s);
  if (kept === undefined) {
    kept = own(s);
    if (interned.size < 10_000) interned.set(kept, kept);
  }
  return kept;
}

function ownRef(ref: ResourceRef): ResourceRef {
  return {
    apiVersion: shared(ref.apiVersion) as string,
    kind: shared(ref.kind) as string,
    namespace: shared(ref.namespace),
    name: own(ref.name),
  };
}

export function ownFinding(f: Finding): Finding {
  return { ...f, message: own(f.message), path: own(f.path) };
}

/**
 * A resource whose value and positions come from its document while the document's part is being
 * checked, and from the document read again afterwards. A class, not an object literal: 50,000 of
 * them are kept, and a literal with a getter costs a property dictionary each. (`locate` is a
 * method: call it on the resource.)
 */
class StreamedResource implements Resource {
  readonly doc = undefined;
  constructor(
    readonly ref: ResourceRef,
    readonly unit: string,
    readonly index: number,
    readonly location: Location,
    private readonly source: DocumentSource,
    /** which of the document's resources (a List has several) */
    private readonly which: number,
    /** read by the fast path: its positions need only its text (a full-parser one's need its Document) */
    private readonly fast: boolean,
  ) {}

  private current(): Resource {
    return (this.source.parsed ?? reread(this.source).resources)[this.which] as Resource;
  }

  get object(): Record<string, unknown> {
    return this.current().object;
  }

  locate(path: FieldPath): Location {
    if (!this.fast) return this.current().locate(path);
    const { source, location } = this;
    const text = (): string => source.text ?? reread(source).text;
    return fastLocate(location.file, source.startLine - 1, location.line, text)(path);
  }
}

/**
 * The resources and load findings of one file, read in parts, each part given to `sink` before
 * the next is read; undefined when the file must be read whole (see above).
 */
export function streamFile(
  path: string,
  rel: string,
  unit: string,
  startIndex: number,
  sink: PartSink,
): { resources: Resource[]; findings: Finding[] } | undefined {
  if (!streamable(path)) return undefined;
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  let part: Resource[] = [];
  let partFindings: Finding[] = [];
  let sources: DocumentSource[] = [];
  const flush = (): void => {
    if (part.length > 0 || partFindings.length > 0) sink.part(part, partFindings);
    for (const s of sources) {
      s.parsed = undefined;
      s.text = undefined;
    }
    part = [];
    partFindings = [];
    sources = [];
  };
  const state: SegmentState = { file: rel, unit, index: startIndex, docIndex: 0, resources: [], findings: [] };
  const file: FileSource = { path, rel, unit };
  for (const segment of documentsOf(path)) {
    const source: DocumentSource = {
      file,
      startLine: segment.startLine,
      startOffset: segment.startOffset,
      byteOffset: segment.byteOffset,
      byteLength: segment.byteLength,
      index: state.index,
      docIndex: state.docIndex,
      parsed: undefined,
      text: segment.text,
    };
    const how = parseSegment(segment, state);
    if (state.findings.length > 0) {
      const found = state.findings.map(ownFinding);
      findings.push(...found);
      partFindings.push(...found);
      state.findings.length = 0;
    }
    if (state.resources.length > 0) {
      source.parsed = [...state.resources];
      state.resources.length = 0;
      source.parsed.forEach((r, i) => {
        const location = { file: r.location.file, line: r.location.line };
        const kept = new StreamedResource(ownRef(r.ref), r.unit, r.index, location, source, i, how === 'fast');
        resources.push(kept);
        part.push(kept);
      });
    }
    sources.push(source);
    if (sources.length >= sink.partSize) flush();
  }
  flush();
  return { resources, findings };
}
