import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ToolError } from './errors.js';
import { mapLimit, writeFileAtomic } from './fsutil.js';
import { kustomizeBuild, ORIGIN_ANNOTATION, type Kustomize } from './kustomize.js';
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

function originOf(doc: Document): string | undefined {
  const raw = doc.getIn(['metadata', 'annotations', ORIGIN_ANNOTATION]);
  if (typeof raw !== 'string') return undefined;
  const match = /^(?:path|configuredIn):\s*(\S+)\s*$/m.exec(raw);
  return match?.[1];
}

function stripOrigin(doc: Document): void {
  if (!doc.hasIn(['metadata', 'annotations', ORIGIN_ANNOTATION])) return;
  doc.deleteIn(['metadata', 'annotations', ORIGIN_ANNOTATION]);
  const annotations = doc.getIn(['metadata', 'annotations']) as { items?: unknown[] } | undefined;
  if (annotations?.items?.length === 0) doc.deleteIn(['metadata', 'annotations']);
}

/**
 * Splits kustomize's output into resources, records each one's origin and removes the origin
 * annotation, so the text matches what Argo CD applies. Deterministic: same input, same bytes.
 */
export function splitRendered(target: Target, file: string, built: string): RenderedTarget {
  const parts: string[] = [];
  const pending: { object: Record<string, unknown>; origin: string | undefined; line: number }[] = [];
  let line = 1;
  for (const doc of parseAllDocuments(built) as Document[]) {
    if (doc.contents === null) continue;
    if (doc.errors.length > 0) throw new ToolError(`kustomize build ${target.path} produced YAML that does not parse: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
    const origin = originOf(doc);
    stripOrigin(doc);
    const text = doc.toString({ lineWidth: 0, indentSeq: false });
    pending.push({ object: doc.toJS() as Record<string, unknown>, origin, line: line });
    parts.push(text);
    line += text.split('\n').length - 1 + 1; // the document's lines, then the '---' separator
  }
  const text = parts.join('---\n');
  // Re-parse the final text once so every document's positions refer to `file`.
  const lineCounter = new LineCounter();
  const docs = (parseAllDocuments(text, { lineCounter }) as Document[]).filter((d) => d.contents !== null);
  const resources = pending.map((p, i) => ({ ...p, doc: docs[i] as Document }));
  return { target, file, text, resources, lineCounter };
}

/** Builds every target in parallel (real kustomize), without writing anything. */
export async function renderTargets(root: string, targets: readonly Target[], kustomize: Kustomize, concurrency = Math.max(2, os.cpus().length)): Promise<RenderedTarget[]> {
  const failures: string[] = [];
  const results = await mapLimit(targets, concurrency, async (target) => {
    try {
      const built = await kustomizeBuild(kustomize, path.join(root, target.path), { origins: true, root });
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
