/**
 * Reading manifests that may not be what they seem: special files (FIFOs, devices, sockets) are
 * never opened, invalid UTF-8 is located (file and line) instead of silently replaced, files
 * above the size bound are not parsed, and a pre-scan refuses flow nesting deeper than the
 * YAML bound before the parser (which recurses) sees it.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync, statSync, constants } from 'node:fs';

export interface InputBounds {
  /** a file above this is not parsed (bytes) */
  readonly maxFileBytes: number;
  /** a document above this is a finding: the API server takes at most 3 MiB per request */
  readonly maxDocumentBytes: number;
  /** nesting of mappings and sequences */
  readonly maxDepth: number;
  /** alias expansions per document (yaml's maxAliasCount) */
  readonly maxAliasCount: number;
}

export const INPUT_BOUNDS: InputBounds = {
  maxFileBytes: 256 * 1024 ** 2,
  maxDocumentBytes: 3 * 1024 ** 2,
  maxDepth: 100,
  maxAliasCount: 100,
};

/** What kind of thing a path is, without opening it; symlinks followed. */
export function fileKind(file: string): 'file' | 'directory' | 'special' | 'missing' {
  try {
    const st = statSync(file);
    if (st.isFile()) return 'file';
    if (st.isDirectory()) return 'directory';
    return 'special';
  } catch {
    try {
      lstatSync(file);
      return 'special'; // a dangling symlink
    } catch {
      return 'missing';
    }
  }
}

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly line: number; readonly problem: string };

/** Reads a regular file as strict UTF-8 (a BOM is dropped), refusing special files without blocking on them. */
export function readManifestText(file: string, bounds: InputBounds = INPUT_BOUNDS): ReadResult {
  // O_NONBLOCK: opening a FIFO that appeared after the check must not hang
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return {
      ok: false,
      line: 1,
      problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      return { ok: false, line: 1, problem: 'is not a regular file (a FIFO, device or socket): skipped, never read' };
    if (st.size > bounds.maxFileBytes)
      return {
        ok: false,
        line: 1,
        problem:
          `is ${(st.size / 1024 ** 2).toFixed(1)} MiB, above the ` +
          `${bounds.maxFileBytes / 1024 ** 2} MiB input bound: not parsed`,
      };
    const buffer = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buffer, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
      return { ok: true, text };
    } catch {
      const offset = firstInvalidUtf8(bytes);
      let line = 1;
      for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
      return {
        ok: false,
        line,
        problem:
          `is not valid UTF-8 (byte 0x` +
          `${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ` +
          `${offset}); YAML must be UTF-8 and nothing is replaced silently`,
      };
    }
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    if (
      need === 2 &&
      ((b === 0xe0 && (bytes[i + 1] as number) < 0xa0) || (b === 0xed && (bytes[i + 1] as number) > 0x9f))
    )
      return i;
    if (
      need === 3 &&
      ((b === 0xf0 && (bytes[i + 1] as number) < 0x90) || (b === 0xf4 && (bytes[i + 1] as number) > 0x8f))
    )
      return i;
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Deepest flow nesting ([ and {) outside quotes and comments, found in one pass; where it first
 * exceeds `max`, the 1-based line. Block nesting costs indentation, so it is bounded by file size.
 */
export function flowDepthExceeded(text: string, max: number): number | undefined {
  let depth = 0;
  let line = 1;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // a quote inside a plain scalar (it's) does not start a string
      const prev = text[i - 1];
      if (prev === undefined || /[\s[{,:]/.test(prev)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) comment = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) return line;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}
