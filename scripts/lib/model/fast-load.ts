/**
 * parseManifests for large inputs: documents are read one at a time through the fast path of
 * scripts/lib/yaml-stream.ts, and no `yaml` Document is kept; source lines are recovered only when
 * a finding asks where a field is. A document the fast path cannot read exactly (a syntax error, a
 * duplicate key, an alias, a non-mapping, a List, no apiVersion/kind) goes through parseManifests
 * itself, so its findings and locations are the same as before.
 */
import type { FieldPath, Finding } from '../findings.js';
import {
  contentLine,
  fastValue,
  lineInSegment,
  needsFullParser,
  segments,
  type StreamSegment,
} from '../yaml-stream.js';
import { flowDepthExceeded, INPUT_BOUNDS } from '../safety/input.js';
import { parseManifests, refOf } from './load.js';
import type { Location, Resource } from './types.js';
import { isObj } from '../objects.js';

/** A document the fast path may keep: a mapping with apiVersion and kind, not a List. */
function plainResource(value: unknown): value is Record<string, unknown> {
  if (!isObj(value)) return false;
  if (
    typeof value.apiVersion !== 'string' ||
    value.apiVersion === '' ||
    typeof value.kind !== 'string' ||
    value.kind === ''
  )
    return false;
  return !(value.kind.toLowerCase() === 'list' && Array.isArray(value.items));
}

/** Whether a parsed value nests at most `max` levels (checked without recursion). */
function depthWithin(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > max) return false;
    if (Array.isArray(node)) for (const item of node) stack.push([item, depth + 1]);
    else if (isObj(node)) for (const item of Object.values(node)) stack.push([item, depth + 1]);
  }
  return true;
}

/** Where a stream's reading is: the next resource index and document number, what was found so far. */
export interface SegmentState {
  readonly file: string;
  readonly unit: string;
  index: number;
  docIndex: number;
  readonly resources: Resource[];
  readonly findings: Finding[];
}

/** Where a field of a fast-path resource is: its key's line, found by parsing the document's text again. */
export function fastLocate(
  file: string,
  shift: number,
  start: number,
  textOf: () => string,
): (p: FieldPath) => Location {
  return (p) => {
    if (p.length === 0) return { file, line: start };
    const text = textOf();
    return { file, line: shift + (lineInSegment(text, p) ?? contentLine(text)) };
  };
}

/**
 * Reads one document of a stream (a segment, with its lines and offset in the stream) into
 * `state`; says which parser read it ('none': nothing to read).
 */
export function parseSegment(segment: StreamSegment, state: SegmentState): 'fast' | 'full' | 'none' {
  const { file, unit } = state;
  const seg = segment.text;
  // Comments before the first `---` belong to the first document, as `yaml` counts them.
  if (
    segment.startOffset === 0 &&
    !seg.startsWith('---') &&
    seg.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))
  )
    return 'none';
  const shift = segment.startLine - 1;
  // Past the input bounds (document size, nesting), the full parser reports it as the bounds say.
  const bounded =
    seg.length > INPUT_BOUNDS.maxDocumentBytes || flowDepthExceeded(seg, INPUT_BOUNDS.maxDepth) !== undefined;
  const fast = bounded ? undefined : fastValue(seg);
  if (fast && (fast.value === null || fast.value === undefined)) {
    state.docIndex++;
    return 'none';
  }
  if (fast && plainResource(fast.value) && depthWithin(fast.value, INPUT_BOUNDS.maxDepth)) {
    const object = fast.value;
    const start = shift + contentLine(seg);
    const locate = fastLocate(file, shift, start, () => seg);
    state.resources.push({
      object,
      ref: refOf(object),
      unit,
      index: state.index++,
      location: { file, line: start },
      locate,
      doc: undefined,
    });
    state.docIndex++;
    return 'fast';
  }
  // The full parser, for this one document: the same findings as before, in stream lines.
  const slow = parseManifests(seg, file, unit, state.index, state.docIndex);
  for (const f of slow.findings) state.findings.push({ ...f, line: f.line + shift });
  for (const r of slow.resources) {
    state.resources.push({
      ...r,
      location: { ...r.location, line: r.location.line + shift },
      locate: (p: FieldPath) => {
        const at = r.locate(p);
        return { ...at, line: at.line + shift };
      },
    });
  }
  state.index += slow.resources.length;
  state.docIndex += Math.max(1, slow.parsed.docs.length);
  return 'full';
}

export function parseManifestsFast(
  text: string,
  file: string,
  unit: string,
  startIndex = 0,
): { resources: Resource[]; findings: Finding[] } {
  if (needsFullParser(text)) {
    const { resources, findings } = parseManifests(text, file, unit, startIndex);
    return { resources, findings };
  }
  const state: SegmentState = { file, unit, index: startIndex, docIndex: 0, resources: [], findings: [] };
  for (const segment of segments(text)) parseSegment(segment, state);
  return { resources: state.resources, findings: state.findings };
}
