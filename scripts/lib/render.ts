import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ToolError } from './errors.js';
import { mapLimit, writeFileAtomic } from './fsutil.js';
import { kustomizeBuild, type Kustomize } from './kustomize.js';
import type { Target } from './targets.js';

/** One rendered resource, with the source file Kustomize says it came from. */
export interface RenderedResource {
  readonly object: Record<string, unknown>;
  /** repo-relative source manifest (from Kustomize's origin annotation), when known */
  readonly origin: string | undefined;
  /** 1-based line of the document in the rendered file */
  readonly line: number;
  /** the parsed document, positions relative to the rendered text */
  readonly doc: Document;
}

export interface RenderedTarget {
  readonly target: Target;
  /** repo-relative: rendered/<name>.yaml */
  readonly file: string;
  /** the YAML exactly as written to `file` (what Argo CD would apply, without origin annotations) */
  readonly text: string;
  readonly resources: readonly RenderedResource[];
  /** line positions of `text` */
  readonly lineCounter: LineCounter;
}

export interface IndexEntry {
  readonly name: string;
  readonly cluster: string;
  readonly environment: string;
  readonly path: string;
  readonly file: string;
  readonly resources: number;
}

export const RENDERED_DIR = 'rendered';

const ORIGIN_LINE = /^(\s*)config\.kubernetes\.io\/origin: \|[-+]?$/;

/**
 * Removes the origin annotation from one document's text, byte for byte as kustomize would have
 * printed it without `buildMetadata`, and returns the source path it recorded.
 */
function stripOrigin(lines: string[]): { lines: string[]; origin: string | undefined } {
  const at = lines.findIndex((l) => ORIGIN_LINE.test(l));
  if (at < 0) return { lines, origin: undefined };
  const indent = (ORIGIN_LINE.exec(lines[at] as string)?.[1] ?? '').length;
  let end = at + 1;
  let origin: string | undefined;
  while (end < lines.length && ((lines[end] as string).trim() === '' || (lines[end] as string).search(/\S/) > indent)) {
    const match = /^\s*(?:path|configuredIn):\s*(\S+)\s*$/.exec(lines[end] as string);
    if (match && origin === undefined) origin = match[1];
    end++;
  }
  const out = [...lines.slice(0, at), ...lines.slice(end)];
  // If the origin was the only annotation, kustomize would not print `annotations:` at all.
  const header = at - 1;
  const headerLine = out[header];
  const next = out[header + 1];
  if (headerLine !== undefined && /^\s*annotations:$/.test(headerLine) && headerLine.search(/\S/) === indent - 2 && (next === undefined || next.search(/\S/) <= indent - 2)) {
    out.splice(header, 1);
  }
  return { lines: out, origin };
}

/**
 * Splits kustomize's output into resources, records each one's origin and removes the origin
 * annotation, so the text is exactly what kustomize prints for Argo CD. Deterministic.
 */
export function splitRendered(target: Target, file: string, built: string): RenderedTarget {
  const chunks = built.split(/^---\n/m).filter((c) => c.trim() !== '');
  const origins: (string | undefined)[] = [];
  const parts = chunks.map((chunk) => {
    const stripped = stripOrigin(chunk.replace(/\n$/, '').split('\n'));
    origins.push(stripped.origin);
    return `${stripped.lines.join('\n')}\n`;
  });
  const text = parts.join('---\n');
  const lineCounter = new LineCounter();
  const docs = (parseAllDocuments(text, { lineCounter }) as Document[]).filter((d) => d.contents !== null);
  if (docs.length !== parts.length) throw new ToolError(`kustomize build ${target.path}: expected ${parts.length} documents, parsed ${docs.length}`);
  const resources = docs.map((doc, i): RenderedResource => {
    if (doc.errors.length > 0) throw new ToolError(`kustomize build ${target.path} produced YAML that does not parse: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
    const offset = (doc.contents as { range?: number[] } | null)?.range?.[0] ?? 0;
    return { object: doc.toJS() as Record<string, unknown>, origin: origins[i], line: lineCounter.linePos(offset).line, doc };
  });
  return { target, file, text, resources, lineCounter };
}

export interface RenderOptions {
  readonly concurrency?: number;
  /** kustomize output (with origin annotations) already built for a target path */
  readonly prebuilt?: ReadonlyMap<string, string>;
}

/** Builds every target in parallel (real kustomize), without writing anything. */
export async function renderTargets(root: string, targets: readonly Target[], kustomize: Kustomize, options: RenderOptions = {}): Promise<RenderedTarget[]> {
  const failures: string[] = [];
  const concurrency = options.concurrency ?? Math.max(2, os.cpus().length);
  const results = await mapLimit(targets, concurrency, async (target) => {
    try {
      const built = options.prebuilt?.get(target.path) ?? (await kustomizeBuild(kustomize, path.join(root, target.path), { origins: true, root }));
      return splitRendered(target, `${RENDERED_DIR}/${target.name}.yaml`, built);
    } catch (error) {
      failures.push(error instanceof ToolError ? error.message.replace(path.join(root, target.path), target.path) : `${target.path}: ${(error as Error).message}`);
      return undefined;
    }
  });
  if (failures.length > 0) {
    throw new ToolError(failures.length === 1 ? (failures[0] as string) : `${failures.length} targets failed to build:\n  ${failures.sort().join('\n  ')}`);
  }
  return results as RenderedTarget[];
}

export function indexOf(rendered: readonly RenderedTarget[]): IndexEntry[] {
  return rendered.map((r) => ({
    name: r.target.name,
    cluster: r.target.cluster,
    environment: r.target.environment,
    path: r.target.path,
    file: r.file,
    resources: r.resources.length,
  }));
}

/**
 * Writes rendered/<target>.yaml and rendered/index.json, each atomically, and removes rendered
 * files of targets that no longer exist. Nothing is written unless every target built.
 */
export async function writeRendered(root: string, rendered: readonly RenderedTarget[]): Promise<IndexEntry[]> {
  const dir = path.join(root, RENDERED_DIR);
  const index = indexOf(rendered);
  for (const r of rendered) await writeFileAtomic(path.join(root, r.file), r.text);
  await writeFileAtomic(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  const keep = new Set(rendered.map((r) => path.basename(r.file)));
  for (const entry of await readdir(dir)) {
    if (entry.endsWith('.yaml') && !keep.has(entry)) await rm(path.join(dir, entry), { force: true });
  }
  return index;
}
