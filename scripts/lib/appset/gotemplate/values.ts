/**
 * The value model of the template engine and Go-compatible formatting.
 *
 * Go values are modelled as:
 *   undefined  -> an invalid reflect.Value (a missing map key), printed "<no value>"
 *   null       -> a nil interface{}
 *   string     -> string
 *   bigint     -> int (template integer constants, len, sprig integer results)
 *   number     -> float64 (every number decoded from JSON/YAML, as in Argo CD)
 *   boolean    -> bool
 *   GoValue[]  -> []interface{}
 *   GoMap      -> map[string]interface{}
 */

export type GoValue = undefined | null | string | number | bigint | boolean | GoValue[] | GoMap;
export interface GoMap {
  [key: string]: GoValue;
}

export function isMap(v: unknown): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's reflect type name of a value (used in error messages). */
export function goTypeName(v: GoValue): string {
  if (v === undefined) return '<nil>';
  if (v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** reflect.Kind name, as sprig's kindOf returns it. */
export function goKindName(v: GoValue): string {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** text/template truth: false for zero values, empty collections and nil. */
export function truth(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Exact decimal expansion of a finite positive double: value = 0.<digits> * 10^dp. */
function exactDecimal(a: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (expBits === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = expBits - 1075;
  }
  let s: string;
  let dp: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e2)).toString();
    dp = s.length + e2;
  }
  return { digits: s.replace(/0+$/, ''), dp };
}

interface Decimal {
  digits: string;
  dp: number;
}

/** Shortest round-trip digits (what Go uses for precision -1). */
function shortestDecimal(a: number): Decimal {
  const [mant = '0', ex = '0'] = a.toExponential().split('e');
  return { digits: mant.replace('.', '').replace(/0+$/, '') || '0', dp: Number(ex) + 1 };
}

/** Keep nd significant digits, rounding half to even on the exact expansion. */
function roundDigits(d: Decimal, nd: number): Decimal {
  const { digits, dp } = d;
  if (nd < 0) return { digits: '', dp };
  if (digits.length <= nd) return d;
  const next = digits.charCodeAt(nd) - 48;
  const rest = digits.slice(nd + 1);
  const prevOdd = nd > 0 && (digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (/[1-9]/.test(rest) || prevOdd));
  const arr = digits.slice(0, nd).split('');
  let newDp = dp;
  if (up) {
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === '9') {
      arr[i] = '0';
      i--;
    }
    if (i < 0) {
      arr.unshift('1');
      newDp++;
    } else arr[i] = String.fromCharCode((arr[i] as string).charCodeAt(0) + 1);
  }
  return { digits: arr.join('').replace(/0+$/, ''), dp: newDp };
}

function fmtE(d: Decimal, decimals: number, zero: boolean): string {
  const digits = (d.digits || '0').padEnd(decimals + 1, '0');
  const exp = zero ? 0 : d.dp - 1;
  const mant = decimals > 0 ? `${digits[0]}.${digits.slice(1, decimals + 1)}` : (digits[0] as string);
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fmtF(d: Decimal, decimals: number): string {
  const { digits, dp } = d;
  let intPart: string;
  let frac: string;
  if (dp <= 0) {
    intPart = '0';
    frac = '0'.repeat(-dp) + digits;
  } else if (digits.length <= dp) {
    intPart = digits + '0'.repeat(dp - digits.length);
    frac = '';
  } else {
    intPart = digits.slice(0, dp);
    frac = digits.slice(dp);
  }
  if (intPart === '') intPart = '0';
  frac = frac.padEnd(decimals, '0').slice(0, decimals);
  return decimals > 0 ? `${intPart}.${frac}` : intPart;
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e/f/g; prec -1 = shortest. */
export function formatFloat(f: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const upper = verb === 'E' || verb === 'G';
  const v = verb.toLowerCase();
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  const zero = a === 0;
  const shortest = prec < 0;
  let d: Decimal = zero ? { digits: '', dp: 1 } : shortest ? shortestDecimal(a) : exactDecimal(a);
  let out: string;
  if (v === 'f') {
    if (!shortest) d = roundDigits(d, d.dp + prec);
    out = fmtF(d, shortest ? Math.max(d.digits.length - d.dp, 0) : prec);
  } else if (v === 'e') {
    if (!shortest) d = roundDigits(d, prec + 1);
    out = fmtE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, zero);
  } else {
    let p = prec;
    if (!shortest) {
      if (p === 0) p = 1;
      d = roundDigits(d, p);
    }
    const nd = zero ? 1 : d.digits.length;
    const dp = zero ? 1 : d.dp;
    if (shortest) p = nd;
    let eprec = p;
    if (eprec > nd && nd >= dp) eprec = nd;
    if (shortest) eprec = 6;
    const exp = dp - 1;
    if (exp < -4 || exp >= eprec) out = fmtE(d, Math.min(p, nd) - 1, zero);
    else out = fmtF(d, Math.max((p > dp ? nd : p) - dp, 0));
  }
  if (upper) out = out.toUpperCase();
  return (neg && !zero ? '-' : '') + out;
}

/** fmt's %v for a float64. */
export function formatGoFloat(f: number): string {
  return formatFloat(f, 'g', -1);
}

/** fmt.Sprint of a single value (%v). */
export function goSprint(v: GoValue): string {
  if (v === undefined) return '<nil>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatGoFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(goSprint).join(' ') + ']';
  const keys = Object.keys(v).sort();
  return 'map[' + keys.map((k) => `${k}:${goSprint(v[k])}`).join(' ') + ']';
}

/** How text/template prints the final value of an action. */
export function printForAction(v: GoValue): string {
  if (v === undefined || v === null) return '<no value>';
  return goSprint(v);
}

/** strconv.Quote */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0x80 && cp < 0xa0) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** encoding/json.Marshal (sorted keys, HTML-safe escaping). */
export function goJson(v: GoValue, indent = ''): string {
  const enc = (x: GoValue, depth: number): string => {
    if (x === undefined || x === null) return 'null';
    if (typeof x === 'string') return jsonString(x);
    if (typeof x === 'bigint') return x.toString();
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new Error(`json: unsupported value: ${formatGoFloat(x)}`);
      return String(x);
    }
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    const nl = indent === '' ? '' : '\n' + indent.repeat(depth + 1);
    const close = indent === '' ? '' : '\n' + indent.repeat(depth);
    const sep = indent === '' ? ':' : ': ';
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      return '[' + x.map((e) => nl + enc(e, depth + 1)).join(',') + close + ']';
    }
    const keys = Object.keys(x).sort();
    if (keys.length === 0) return '{}';
    return '{' + keys.map((k) => nl + jsonString(k) + sep + enc(x[k], depth + 1)).join(',') + close + '}';
  };
  return enc(v, 0);
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029)
      out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Convert parsed JSON/YAML data (JS numbers as float64) into template values. */
export function fromData(v: unknown): GoValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
    return typeof v === 'bigint' ? Number(v) : v;
  if (Array.isArray(v)) return v.map(fromData);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromData(x);
    return out;
  }
  return String(v);
}

/** Convert template values back to plain data (ints become numbers). */
export function toData(v: GoValue): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toData);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toData(x);
    return out;
  }
  return v;
}
