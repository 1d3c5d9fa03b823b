/**
 * A Go text/template interpreter (lexer + parser + evaluator) with Sprig and
 * Argo CD's extra functions, for rendering ApplicationSet templates offline.
 */
import { execute, TemplateExecError } from './exec.js';
import type { MissingKey } from './exec.js';
import { templateFuncs } from './funcs.js';
import { TemplateSyntaxError } from './lexer.js';
import { parseTemplate } from './parser.js';
import type { ParsedTemplate } from './parser.js';
import type { GoValue } from './values.js';

export { TemplateExecError, TemplateSyntaxError };
export type { MissingKey };
export type { GoValue, GoMap } from './values.js';
export { fromData, toData, goSprint, goJson } from './values.js';

const funcNames: ReadonlySet<string> = new Set(templateFuncs.keys());
const cache = new Map<string, ParsedTemplate>();

export function compile(source: string): ParsedTemplate {
  let t = cache.get(source);
  if (t === undefined) {
    t = parseTemplate(source, funcNames);
    if (cache.size > 5000) cache.clear();
    cache.set(source, t);
  }
  return t;
}

export interface GoTemplateOptions {
  missingKey: MissingKey;
}

/** Parse `goTemplateOptions` (e.g. ["missingkey=error"]). Throws on unknown options, as Go panics. */
export function parseGoTemplateOptions(options: readonly unknown[] | undefined): GoTemplateOptions {
  let missingKey: MissingKey = 'default';
  for (const opt of options ?? []) {
    const m = typeof opt === 'string' ? /^missingkey=(default|invalid|zero|error)$/.exec(opt) : null;
    if (m === null)
      throw new Error(
        `unrecognized goTemplateOptions entry ${JSON.stringify(opt)}: expected ` +
          `one of missingkey=default, missingkey=invalid, missingkey=zero, ` +
          `missingkey=error`,
      );
    missingKey = m[1] as MissingKey;
  }
  return { missingKey };
}

/** Execute a Go template against data; errors are TemplateSyntaxError or TemplateExecError. */
export function renderGoTemplate(
  source: string,
  data: GoValue,
  options: GoTemplateOptions = { missingKey: 'default' },
): string {
  return execute(compile(source), data, templateFuncs, options.missingKey);
}
