import { readFile } from 'node:fs/promises';
import { parseAllDocuments, LineCounter, type Document } from 'yaml';
import { ToolError } from './errors.js';
import { fastValues } from './yaml-stream.js';

/** Reads a file, turning "no such file" into one line that names it and says what was expected. */
export async function readText(file: string, expected: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ToolError(`${file}: no such file (expected ${expected})`);
    if (code === 'EISDIR') throw new ToolError(`${file}: is a directory (expected ${expected})`);
    throw new ToolError(`${file}: cannot read (${(error as Error).message})`);
  }
}

/** Parses a single-document YAML file strictly (duplicate keys are errors) into a plain object. */
export async function readYamlObject(file: string, expected: string): Promise<Record<string, unknown>> {
  const text = await readText(file, expected);
  // the common case (one plain mapping) by the fast reader; anything else by `yaml`, for its errors
  const fast = fastValues(text);
  const first = fast?.[0];
  if (first && typeof first === 'object' && !Array.isArray(first)) return first as Record<string, unknown>;
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false }) as Document[];
  const doc = docs.find((d) => d.contents !== null);
  for (const d of docs) {
    const error = d.errors[0];
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      throw new ToolError(`${file}:${pos.line}: ${error.message.split('\n')[0]} (expected ${expected})`);
    }
  }
  let value: unknown;
  try {
    value = doc?.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ToolError(`${file}: ${(error as Error).message} (expected ${expected}, without alias bombs)`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ToolError(`${file}: expected ${expected} (a YAML mapping)`);
  return value as Record<string, unknown>;
}
