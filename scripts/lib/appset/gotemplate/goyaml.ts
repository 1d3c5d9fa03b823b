/**
 * The YAML Argo CD's `toYaml` writes (sigs.k8s.io/yaml: JSON first, then go-yaml v2's encoder):
 * map keys sorted, block sequences not indented under their key, whole numbers as integers, and a
 * string quoted whenever YAML 1.1 would read it back as something else ("yes", "1", "null", "").
 */
import { formatGoFloat } from './values.js';

type Data = null | string | number | boolean | Data[] | { [k: string]: Data };

/** go-yaml v2 resolves these plain scalars to a non-string (YAML 1.1). */
const YAML11_SPECIAL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
  '<<',
]);
const YAML11_INT = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)$/;
const YAML11_FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function resolvesAsString(s: string): boolean {
  return !YAML11_SPECIAL.has(s) && !YAML11_INT.test(s) && !YAML11_FLOAT.test(s) && !BASE60.test(s);
}

/** The emitter's analysis: may the scalar be written plain in block context? */
function plainAllowed(s: string): boolean {
  if (s === '' || /^\s|\s$/.test(s)) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  const first = s[0] as string;
  const ws = (i: number): boolean => i >= s.length || s[i] === ' ' || s[i] === '\t';
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && ws(1)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s[i] as string;
    if (c === ':' && ws(i + 1)) return false;
    if (c === '#' && (s[i - 1] === ' ' || s[i - 1] === '\t')) return false;
  }
  // non-printable characters force double quotes
  return !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/.test(s);
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff)
      out +=
        c <= 0xff
          ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`
          : `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function scalarString(s: string, indent: string): string {
  if (s.includes('\n') && !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/.test(s.replace(/\n/g, ''))) {
    const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
    const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
    const hint = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
    const body = trailing > 0 ? s.slice(0, s.length - trailing) : s;
    const lines = body.split('\n').map((l) => (l === '' ? '' : indent + '  ' + l));
    const extra = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
    return `|${hint}${chomp}\n${lines.join('\n')}${extra}`;
  }
  if (!resolvesAsString(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return s;
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/.test(s)) return doubleQuoted(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function scalar(v: Data, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '+.inf' : '-.inf';
    // JSON writes a whole float64 below 1e21 as an integer, which go-yaml then reads as an int
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v).toString();
    return formatGoFloat(v);
  }
  return scalarString(v as string, indent);
}

/** go-yaml v2's key order: digit runs compare as numbers, letters before other runes. */
function keyLess(a: string, b: string): number {
  const ra = [...a];
  const rb = [...b];
  for (let i = 0; i < ra.length && i < rb.length; i++) {
    if (ra[i] === rb[i]) continue;
    const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
    const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
    const al = isLetter(ra[i]);
    const bl = isLetter(rb[i]);
    if (al && bl) return (ra[i] as string) < (rb[i] as string) ? -1 : 1;
    if (al || bl) return al ? -1 : 1;
    let j = i;
    while (j > 0 && isDigit(ra[j - 1])) j--;
    let ai = i;
    let bi = i;
    while (isDigit(ra[ai])) ai++;
    while (isDigit(rb[bi])) bi++;
    if (ai > j && bi > j) {
      const an = BigInt(ra.slice(j, ai).join('') || '0');
      const bn = BigInt(rb.slice(j, bi).join('') || '0');
      if (an !== bn) return an < bn ? -1 : 1;
    }
    return (ra[i] as string) < (rb[i] as string) ? -1 : 1;
  }
  return ra.length - rb.length;
}

const isMapData = (v: Data): v is { [k: string]: Data } => typeof v === 'object' && v !== null && !Array.isArray(v);

function emit(v: Data, indent: string, out: string[]): void {
  if (isMapData(v)) {
    for (const k of Object.keys(v).sort(keyLess)) {
      const x = v[k] as Data;
      const key = scalarString(k, indent);
      if (isMapData(x) && Object.keys(x).length > 0) {
        out.push(`${indent}${key}:`);
        emit(x, indent + '  ', out);
      } else if (Array.isArray(x) && x.length > 0) {
        out.push(`${indent}${key}:`);
        emit(x, indent, out);
      } else out.push(`${indent}${key}: ${inline(x, indent)}`);
    }
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      if ((isMapData(x) && Object.keys(x).length > 0) || (Array.isArray(x) && x.length > 0)) {
        const sub: string[] = [];
        emit(x, indent + '  ', sub);
        const firstLine = (sub[0] ?? '').slice(indent.length + 2);
        out.push(`${indent}- ${firstLine}`, ...sub.slice(1));
      } else out.push(`${indent}- ${inline(x, indent)}`);
    }
    return;
  }
  out.push(indent + scalar(v, indent));
}

function inline(v: Data, indent: string): string {
  if (isMapData(v)) return '{}';
  if (Array.isArray(v)) return '[]';
  return scalar(v, indent);
}

/** toYaml: the document without its final newline. */
export function goYamlMarshal(v: unknown): string {
  const data = JSON.parse(JSON.stringify(v ?? null)) as Data;
  if (!isMapData(data) && !Array.isArray(data)) return scalar(data, '');
  if ((isMapData(data) && Object.keys(data).length === 0) || (Array.isArray(data) && data.length === 0))
    return isMapData(data) ? '{}' : '[]';
  const out: string[] = [];
  emit(data, '', out);
  return out.join('\n');
}
