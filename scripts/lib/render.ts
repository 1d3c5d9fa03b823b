import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ToolError } from './errors.js';
import { mapLimit, writeFileAtomic } from './fsutil.js';
import { discardPrepared, kustomizeBuild, prepareBuilds, type Kustomize } from './kustomize.js';
import type { Target } from './targets.js';
import { SourceFiles, SourceIndex } from './sources.js';
import type { FieldPath } from './findings.js';
import { lineInDoc } from './model/load.js';
import { contentLine, fastValue, lineInSegment, needsFullParser, segments } from './yaml-stream.js';
import { buildLimits } from './safety/limits.js';
import { readValues, valuesKey, writeValues, type CachedDocument } from './values-cache.js';
import { fileInside, sourceDirProblem } from './safety/names.js';

/** One rendered resource, with the source file Kustomize says it came from. */
export interface RenderedResource {
  readonly object: Record<string, unknown>;
  /** repo-relative source manifest (from the target's kustomization graph), when known */
  readonly origin: string | undefined;
  /** 1-based line of the document in the rendered file */
  readonly line: number;
  /** line of a field in the rendered file (parses the document again: for findings only) */
  lineOf(path: FieldPath): number | undefined;
}

export interface RenderedTarget {
  readonly target: Target;
  /** repo-relative: rendered/<name>.yaml */
  readonly file: string;
  /** the YAML exactly as kustomize printed it, as written to `file` (what Argo CD applies) */
  readonly text: string;
  readonly resources: readonly RenderedResource[];
  /** where the target's resources are written in the repo */
  readonly sources?: SourceIndex | undefined;
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

/** Splits kustomize's output into resources, keeping the text exactly as kustomize printed it. */
export function splitRendered(
  target: Target,
  file: string,
  built: string,
  sources?: SourceIndex,
  valuesCache = false,
): RenderedTarget {
  const resources: RenderedResource[] = [];
  const key = valuesCache ? valuesKey(built) : undefined;
  const cached = key ? readValues(key) : undefined;
  const add = (object: Record<string, unknown>, line: number, lineOf: (p: FieldPath) => number | undefined): void => {
    resources.push({
      object,
      get origin() {
        return sources?.fileOf(object);
      },
      line,
      lineOf,
    });
  };
  const full = (text: string, shift: number): void => {
    const lineCounter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter, uniqueKeys: false }) as Document[]) {
      if (doc.errors.length > 0)
        throw new ToolError(
          `kustomize build ${target.path} produced YAML that does not parse: ` +
            `${doc.errors[0]?.message.split('\n')[0] ?? ''}`,
        );
      if (doc.contents === null) continue;
      const offset = (doc.contents as { range?: number[] } | null)?.range?.[0] ?? 0;
      add(doc.toJS() as Record<string, unknown>, shift + lineCounter.linePos(offset).line, (p) => {
        const line = lineInDoc(doc, lineCounter, p);
        return line === undefined ? undefined : shift + line;
      });
    }
  };
  const fromSegment = (value: Record<string, unknown>, line: number, start: number, end: number, startLine: number) => {
    const shift = startLine - 1;
    add(value, line, (p) => {
      const at = lineInSegment(built.slice(start, end), p);
      return at === undefined ? undefined : shift + at;
    });
  };
  if (cached) {
    for (const d of cached) fromSegment(d.value, d.line, d.start, d.end, d.startLine);
  } else if (needsFullParser(built)) full(built, 0);
  else {
    // One document at a time, no Document kept (scripts/lib/yaml-stream.ts).
    const seen: CachedDocument[] = [];
    let allFast = true;
    for (const segment of segments(built)) {
      const fast = fastValue(segment.text);
      if (!fast) {
        allFast = false;
        full(segment.text, segment.startLine - 1);
        continue;
      }
      if (fast.value === null || fast.value === undefined) continue;
      const value = fast.value as Record<string, unknown>;
      const line = segment.startLine - 1 + contentLine(segment.text);
      const end = segment.startOffset + segment.text.length;
      fromSegment(value, line, segment.startOffset, end, segment.startLine);
      if (key) seen.push({ value, line, start: segment.startOffset, end, startLine: segment.startLine });
    }
    if (key && allFast) writeValues(key, seen);
  }
  return { target, file, text: built, resources, sources };
}

export interface RenderOptions {
  readonly concurrency?: number;
  /** kustomize output already built for a target path */
  readonly prebuilt?: ReadonlyMap<string, string>;
  /** called as each target is rendered, while the others still build */
  readonly onRendered?: ((rendered: RenderedTarget) => void) | undefined;
  /** read each target's source files when a location is first asked for, not while rendering (validate) */
  readonly lazySources?: boolean | undefined;
  /** when set, a target that fails is reported here (message relative to the root) and the others still render */
  readonly onFailed?: ((target: Target, message: string, error: unknown) => void) | undefined;
}

/** Builds every target in parallel (real kustomize), without writing anything. */
export async function renderTargets(
  root: string,
  targets: readonly Target[],
  kustomize: Kustomize,
  options: RenderOptions = {},
): Promise<RenderedTarget[]> {
  const failures: string[] = [];
  const concurrency = options.concurrency ?? buildLimits().jobs;
  const files = new SourceFiles(root);
  // what is left to build, in one kustomize batch process when one is installed (scripts/lib/kustomize-batch.ts)
  const toBuild = targets
    .filter((t) => !options.prebuilt?.has(t.path) && !sourceDirProblem(root, t.path))
    .map((t) => path.join(root, t.path));
  await prepareBuilds(kustomize, toBuild);
  const results = await mapLimit(targets, concurrency, async (target) => {
    let rendered: RenderedTarget;
    try {
      const refused = sourceDirProblem(root, target.path);
      if (refused)
        throw new ToolError(
          `Application ${target.name} refused: spec.source.path ${refused} (Argo ` +
            `CD refuses it; expected a folder of this repository)`,
        );
      const built =
        options.prebuilt?.get(target.path) ?? (await kustomizeBuild(kustomize, path.join(root, target.path)));
      rendered = splitRendered(
        target,
        `${RENDERED_DIR}/${target.name}.yaml`,
        built,
        new SourceIndex(files, target.path, options.lazySources),
        kustomize.cache !== undefined,
      );
    } catch (error) {
      const message =
        error instanceof ToolError
          ? relativeTo(root, error.message.replace(path.join(root, target.path), target.path))
          : `${target.path}: ${(error as Error).message}`;
      if (options.onFailed) options.onFailed(target, message, error);
      else failures.push(message);
      return undefined;
    }
    options.onRendered?.(rendered);
    return rendered;
  }).finally(() => discardPrepared(kustomize, toBuild));
  if (failures.length > 0) {
    throw new ToolError(
      failures.length === 1
        ? (failures[0] as string)
        : `${failures.length} targets failed to build:\n  ${failures.sort().join('\n  ')}`,
    );
  }
  return results.filter((r): r is RenderedTarget => r !== undefined);
}

/** Absolute paths under the root, in a message, made repo-relative. */
function relativeTo(root: string, message: string): string {
  return message.split(`${path.resolve(root)}${path.sep}`).join('');
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
  for (const r of rendered) await writeFileAtomic(fileInside(dir, `${r.target.name}.yaml`), r.text);
  await writeFileAtomic(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  const keep = new Set(rendered.map((r) => path.basename(r.file)));
  for (const entry of await readdir(dir)) {
    if (entry.endsWith('.yaml') && !keep.has(entry)) await rm(path.join(dir, entry), { force: true });
  }
  return index;
}
