/**
 * The default (non-Go) ApplicationSet templating: valyala/fasttemplate with
 * `{{`/`}}`, tags trimmed, looked up in a flat string map. Unknown tags and
 * non-string params are left verbatim; a `{{` without `}}` is an error.
 */
import { GenerationError } from './errors.js';

export function renderFastTemplate(tmpl: string, params: Record<string, unknown>): string {
  // Argo's isTemplatedRegex is ".*{{.*}}.*" (no dotall): "{{" and "}}" on one line
  if (!/{{.*}}/.test(tmpl)) return tmpl;
  let out = '';
  let i = 0;
  for (;;) {
    const open = tmpl.indexOf('{{', i);
    if (open < 0) {
      out += tmpl.slice(i);
      return out;
    }
    const close = tmpl.indexOf('}}', open + 2);
    if (close < 0) throw new GenerationError(`invalid template ${JSON.stringify(tmpl)}: cannot find end tag "}}"`);
    out += tmpl.slice(i, open);
    const tag = tmpl.slice(open + 2, close);
    const key = tag.trim();
    const value = Object.hasOwn(params, key) ? params[key] : undefined;
    out += key !== '' && typeof value === 'string' ? value : `{{${tag}}}`;
    i = close + 2;
  }
}
