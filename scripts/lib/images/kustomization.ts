/**
 * Reads and sets one entry of a kustomization's `images:` list, byte-exact outside the edited line
 * (see text-edit.ts). Pure functions over the file's text.
 */
import { isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { ToolError } from '../errors.js';
import type { ImageVersion } from './refs.js';
import {
  applyEdits,
  columnOf,
  lineEnd,
  nextLineStart,
  pairOf,
  parseForEdit,
  rangeOf,
  removePairEdit,
  scalarText,
  setScalarEdit,
  type Edit,
} from './text-edit.js';

const EXPECTED = 'a kustomization.yaml mapping whose images: is a block list of {name, newTag | digest}';

export interface ImagesEntry {
  readonly name: string;
  readonly newTag?: string | undefined;
  readonly digest?: string | undefined;
}

/** The `images:` entries of a kustomization text. */
export function imagesOf(text: string, file: string): ImagesEntry[] {
  const doc = parseForEdit(text, file, EXPECTED);
  const value = doc.toJS() as Record<string, unknown> | null;
  const images = value?.images;
  if (images === undefined || images === null) return [];
  if (!Array.isArray(images)) throw new ToolError(`${file}: images is not a list (expected ${EXPECTED})`);
  return images.map((e) => {
    const entry = (e ?? {}) as Record<string, unknown>;
    return {
      name: String(entry.name ?? ''),
      newTag: entry.newTag === undefined ? undefined : String(entry.newTag),
      digest: entry.digest === undefined ? undefined : String(entry.digest),
    };
  });
}

/** The version an `images:` entry sets (a digest wins over a tag, as in the image reference). */
export function versionOfEntry(entry: ImagesEntry | undefined): ImageVersion | undefined {
  if (!entry) return undefined;
  if (entry.digest !== undefined) return { kind: 'digest', value: entry.digest };
  if (entry.newTag !== undefined) return { kind: 'tag', value: entry.newTag };
  return undefined;
}

export interface SetImageResult {
  readonly text: string;
  /** the version the entry set before (undefined: no entry) */
  readonly before: ImageVersion | undefined;
  /** an entry (or the whole images: list) was added */
  readonly created: boolean;
}

function entryMap(item: unknown, file: string): YAMLMap {
  if (!isMap(item)) throw new ToolError(`${file}: an images: entry is not a mapping (expected ${EXPECTED})`);
  return item;
}

function entryText(name: string, version: ImageVersion, indent: string): string {
  const key = version.kind === 'digest' ? 'digest' : 'newTag';
  return `${indent}- name: ${scalarText(name)}\n${indent}  ${key}: ${scalarText(version.value)}\n`;
}

/**
 * Sets `name`'s version in a kustomization's `images:`. An existing entry changes on one line (the
 * key newTag <-> digest and the value, in the value's quoting style; a tag+digest pair loses the
 * other field). A missing entry is appended to the list; a missing list is inserted after
 * `namespace:` (else at the end), preceded by `comment` lines if given.
 */
export function setImage(
  text: string,
  file: string,
  name: string,
  version: ImageVersion,
  comment?: string,
): SetImageResult {
  const doc = parseForEdit(text, file, EXPECTED);
  if (!isMap(doc.contents)) throw new ToolError(`${file}: not a mapping (expected ${EXPECTED})`);
  const root = doc.contents;
  const imagesPair = pairOf(root, 'images');
  const edits: Edit[] = [];
  let before: ImageVersion | undefined;
  let created = false;
  const wantKey = version.kind === 'digest' ? 'digest' : 'newTag';
  const otherKey = version.kind === 'digest' ? 'newTag' : 'digest';

  if (!imagesPair || imagesPair.value === null || (isScalar(imagesPair.value) && imagesPair.value.value === null)) {
    if (imagesPair) throw new ToolError(`${file}: images: is empty (expected a block list, or no images: key)`);
    created = true;
    const lines = comment
      ? comment
          .split('\n')
          .map((l) => `# ${l}`.trimEnd())
          .join('\n') + '\n'
      : '';
    const block = `${lines}images:\n${entryText(name, version, '  ')}`;
    const ns = pairOf(root, 'namespace');
    const nsEnd = rangeOf(ns?.value)?.[1];
    if (nsEnd !== undefined) {
      const at = nextLineStart(text, nsEnd);
      edits.push({ start: at, end: at, text: (at === text.length && !text.endsWith('\n') ? '\n' : '') + block });
    } else {
      edits.push({
        start: text.length,
        end: text.length,
        text: (text.endsWith('\n') || text === '' ? '' : '\n') + block,
      });
    }
  } else {
    const seq = imagesPair.value;
    if (!isSeq(seq) || seq.flow) throw new ToolError(`${file}: images: is not a block list (expected ${EXPECTED})`);
    const item = seq.items
      .map((i) => entryMap(i, file))
      .find((m) => {
        const n = pairOf(m, 'name')?.value;
        return isScalar(n) && String(n.value) === name;
      });
    if (item) {
      const want = pairOf(item, wantKey);
      const other = pairOf(item, otherKey);
      const current = {
        name,
        newTag: scalarValue(pairOf(item, 'newTag')),
        digest: scalarValue(pairOf(item, 'digest')),
      };
      before = versionOfEntry(current);
      if (want) {
        edits.push(setScalarEdit(want.value, version.value));
        if (other) edits.push(removePairEdit(text, other));
      } else if (other) {
        // newTag <-> digest: rename the key and set the value, on the same line.
        const k = rangeOf(other.key);
        if (!k || !isScalar(other.key)) throw new ToolError(`${file}: cannot locate ${otherKey} of image ${name}`);
        edits.push({ start: k[0], end: k[1], text: wantKey });
        edits.push(setScalarEdit(other.value, version.value));
      } else {
        const namePair = pairOf(item, 'name') as Pair;
        const r = rangeOf(namePair.key) as [number, number, number];
        const at = nextLineStart(text, rangeOf(namePair.value)?.[1] ?? r[1]);
        edits.push({
          start: at,
          end: at,
          text: `${' '.repeat(columnOf(text, r[0]))}${wantKey}: ${scalarText(version.value)}\n`,
        });
      }
    } else {
      created = true;
      const first = seq.items[0];
      const firstRange = rangeOf(first);
      const last = seq.items[seq.items.length - 1];
      const lastRange = rangeOf(last);
      if (!firstRange || !lastRange)
        throw new ToolError(`${file}: images: has no entries to align with (expected ${EXPECTED})`);
      // The item's content starts two columns after its "- " indicator.
      const indent = ' '.repeat(Math.max(0, columnOf(text, firstRange[0]) - 2));
      const at = nextLineStart(text, lineEnd(text, lastRange[1] - 1));
      edits.push({
        start: at,
        end: at,
        text: (at === text.length && !text.endsWith('\n') ? '\n' : '') + entryText(name, version, indent),
      });
    }
  }
  const out = applyEdits(text, edits);
  verify(text, out, file, name, version);
  return { text: out, before, created };
}

function scalarValue(pair: Pair | undefined): string | undefined {
  if (!pair) return undefined;
  return isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : undefined;
}

/** The edit must change exactly the one entry: everything else reads back the same. */
function verify(before: string, after: string, file: string, name: string, version: ImageVersion): void {
  const a = parseDocument(before).toJS() as Record<string, unknown>;
  const b = parseDocument(after, { uniqueKeys: true });
  if (b.errors.length > 0)
    throw new ToolError(
      `${file}: the edit of image ${name} would not parse (` +
        `${b.errors[0]?.message.split('\n')[0] ?? ''}); nothing written`,
    );
  const bj = b.toJS() as Record<string, unknown>;
  const entries = (x: Record<string, unknown>): Record<string, unknown>[] =>
    Array.isArray(x.images) ? (x.images as Record<string, unknown>[]) : [];
  const expected = entries(a).filter((e) => e.name !== name);
  const got = entries(bj).filter((e) => e.name !== name);
  const mine = entries(bj).filter((e) => e.name === name);
  const { images: _a, ...restA } = a;
  const { images: _b, ...restB } = bj;
  const key = version.kind === 'digest' ? 'digest' : 'newTag';
  const ok =
    JSON.stringify(restA) === JSON.stringify(restB) &&
    JSON.stringify(expected) === JSON.stringify(got) &&
    mine.length === 1 &&
    String(mine[0]?.[key]) === version.value &&
    mine[0]?.[key === 'digest' ? 'newTag' : 'digest'] === undefined;
  if (!ok)
    throw new ToolError(
      `${file}: the edit of image ${name} did not read back as intended ` +
        `(expected only its ${key} to change); nothing written`,
    );
}
