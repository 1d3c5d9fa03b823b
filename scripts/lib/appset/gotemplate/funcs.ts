/**
 * Template functions: the text/template builtins, Sprig v3.3.0 (all of it, as Argo CD passes it,
 * but for `env`, `expandenv` and `getHostByName`, which Argo CD removes), and Argo CD's
 * `normalize`, `slugify`, `toYaml`, `fromYaml` and `fromYamlArray`. Functions whose result depends
 * on the clock, randomness or key material (now, date*, rand*, uuid, certificates, bcrypt,
 * AES) are refused because an offline render must be reproducible. tests/appset/differential.test.ts
 * checks them against Argo CD's own code.
 */
import { createHash } from 'node:crypto';
import semverLib from 'semver';
import { parseArgoYaml } from '../yaml.js';
import { goYamlMarshal } from './goyaml.js';
import { sanitizeName, slugifyName } from '../normalize.js';
import { FuncError } from './exec.js';
import type { FuncSpec, ParamKind } from './exec.js';
import {
  formatFloat,
  formatGoFloat,
  fromData,
  goJson,
  goKindName,
  goQuote,
  goSprint,
  goTypeName,
  isMap,
  toData,
  truth,
} from './values.js';
import type { GoMap, GoValue } from './values.js';

type Fn = (...args: GoValue[]) => GoValue;

const funcs = new Map<string, FuncSpec>();
function def(name: string, params: ParamKind[], fn: Fn, variadic?: ParamKind): void {
  const spec: FuncSpec = { params, fn };
  if (variadic !== undefined) spec.variadic = variadic;
  funcs.set(name, spec);
}

const str = (v: GoValue): string => v as string;
const int = (v: GoValue): bigint => v as bigint;

/** sprig strval */
function strval(v: GoValue): string {
  return typeof v === 'string' ? v : goSprint(v === undefined ? null : v);
}

/** sprig empty */
function empty(v: GoValue): boolean {
  return !truth(v);
}

/** github.com/spf13/cast ToInt64 (errors become 0) */
function toInt64(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    let s = v.trim();
    if (/^[+-]?\d+\.0*$/.test(s)) s = s.replace(/\.0*$/, '');
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9]\d*|0)$/.exec(s);
    if (m === null) return 0n;
    let body = m[2] ?? '0';
    if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
    try {
      const n = BigInt(body);
      return m[1] === '-' ? -n : n;
    } catch {
      return 0n;
    }
  }
  return 0n;
}

function toFloat64(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = Number(v.trim());
    return v.trim() === '' || Number.isNaN(n) ? 0 : n;
  }
  return 0;
}

function asList(v: GoValue, fname: string): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new FuncError(`Cannot ${fname} on type ${goTypeName(v)}`);
}

function asMap(v: GoValue): GoMap {
  if (isMap(v)) return v;
  throw new FuncError(`wrong type for value; expected map[string]interface {}; got ${goTypeName(v)}`);
}

function deepEqual(a: GoValue, b: GoValue): boolean {
  return goJson(a) === goJson(b) && goTypeName(a) === goTypeName(b);
}

// ---------------------------------------------------------------- builtins

def('not', ['value'], (v) => !truth(v));
def('len', ['value'], (v) => {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isMap(v)) return BigInt(Object.keys(v).length);
  throw new FuncError(`len of type ${goTypeName(v)}`);
});
def(
  'index',
  ['value'],
  (item, ...idx) => {
    let cur = item;
    for (const i of idx) {
      if (cur === undefined || cur === null) throw new FuncError('index of untyped nil');
      if (Array.isArray(cur) || typeof cur === 'string') {
        if (typeof i !== 'bigint') throw new FuncError(`cannot index slice/array with type ${goTypeName(i)}`);
        const len = typeof cur === 'string' ? Buffer.byteLength(cur) : cur.length;
        if (i < 0n || i >= BigInt(len)) throw new FuncError(`index out of range: ${i}`);
        cur = typeof cur === 'string' ? BigInt(Buffer.from(cur)[Number(i)] ?? 0) : cur[Number(i)];
      } else if (isMap(cur)) {
        if (typeof i !== 'string') throw new FuncError(`value has type ${goTypeName(i)}; should be string`);
        cur = Object.hasOwn(cur, i) ? cur[i] : null;
      } else {
        throw new FuncError(`can't index item of type ${goTypeName(cur)}`);
      }
    }
    return cur;
  },
  'value',
);
def(
  'slice',
  ['value'],
  (item, ...idx) => {
    const n = idx.map((i) => {
      if (typeof i !== 'bigint') throw new FuncError(`cannot index slice/array with type ${goTypeName(i)}`);
      return Number(i);
    });
    if (typeof item === 'string') {
      if (n.length > 2) throw new FuncError('cannot 3-index slice a string');
      return item.slice(n[0] ?? 0, n[1] ?? item.length);
    }
    if (Array.isArray(item)) return item.slice(n[0] ?? 0, n[1] ?? item.length);
    throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  },
  'value',
);
def('print', [], (...a) => goSprintMany(a), 'any');
def('println', [], (...a) => a.map(strval).join(' ') + '\n', 'any');
def('printf', ['string'], (f, ...a) => sprintf(str(f), a), 'any');
def(
  'html',
  [],
  (...a) =>
    goSprintMany(a)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&#34;')
      .replace(/'/g, '&#39;'),
  'any',
);
def(
  'urlquery',
  [],
  (...a) =>
    encodeURIComponent(goSprintMany(a))
      .replace(/%20/g, '+')
      .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
  'any',
);
def(
  'js',
  [],
  (...a) =>
    goSprintMany(a).replace(/[\\'"<>&=\n\r]/g, (c) =>
      c === '\\'
        ? '\\\\'
        : c === "'"
          ? "\\'"
          : c === '"'
            ? '\\"'
            : c === '\n'
              ? '\\n'
              : c === '\r'
                ? '\\r'
                : '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'),
    ),
  'any',
);

type Kind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';
function basicKind(v: GoValue): Kind {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}
function eqOne(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) {
    if (ka === 'nil' || kb === 'nil') return false;
    throw new FuncError('incompatible types for comparison');
  }
  if (ka === 'other') {
    throw new FuncError(`non-comparable type ${goSprint(a ?? null)}: ${goTypeName(a)}`);
  }
  return a === b;
}
function lessThan(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'nil' || ka === 'other' || ka === 'bool' || kb === 'nil' || kb === 'other' || kb === 'bool')
    throw new FuncError('invalid type for comparison');
  if (ka !== kb) throw new FuncError('incompatible types for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}
def(
  'eq',
  ['value'],
  (a, ...rest) => {
    if (rest.length === 0) throw new FuncError('missing argument for comparison');
    return rest.some((b) => eqOne(a, b));
  },
  'value',
);
def('ne', ['value', 'value'], (a, b) => !eqOne(a, b));
def('lt', ['value', 'value'], (a, b) => lessThan(a, b));
def('le', ['value', 'value'], (a, b) => lessThan(a, b) || eqOne(a, b));
def('gt', ['value', 'value'], (a, b) => !lessThan(a, b) && !eqOne(a, b));
def('ge', ['value', 'value'], (a, b) => !lessThan(a, b));
// and/or are evaluated lazily by the executor; registered so the parser knows them
def('and', ['value'], (...a) => a[a.length - 1], 'value');
def('or', ['value'], (...a) => a[a.length - 1], 'value');

/** fmt.Sprint: spaces between operands when neither side is a string */
function goSprintMany(a: GoValue[]): string {
  let out = '';
  a.forEach((v, i) => {
    const isStr = typeof v === 'string';
    if (i > 0 && !isStr && typeof a[i - 1] !== 'string') out += ' ';
    out += strval(v);
  });
  return out;
}

// ---------------------------------------------------------------- printf

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i] as string;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    let flags = '';
    while (i < format.length && '+-# 0'.includes(format[i] as string)) flags += format[i++];
    let width = '';
    while (i < format.length && /[0-9]/.test(format[i] as string)) width += format[i++];
    let prec: number | undefined;
    if (format[i] === '.') {
      i++;
      let p = '';
      while (i < format.length && /[0-9]/.test(format[i] as string)) p += format[i++];
      prec = p === '' ? 0 : Number(p);
    }
    const verb = format[i++];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    out += pad(formatVerb(verb, arg, flags, prec), width === '' ? 0 : Number(width), flags, verb);
  }
  if (argi < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(argi)
        .map((a) => `${goTypeName(a)}=${strval(a)}`)
        .join(', ') +
      ')';
  }
  return out;
}

function pad(s: string, width: number, flags: string, verb: string): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width, ' ');
  if (flags.includes('0') && 'dfeEgGxXob'.includes(verb)) {
    const neg = s.startsWith('-') || s.startsWith('+');
    return neg ? s[0] + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
  }
  return s.padStart(width, ' ');
}

function badVerb(verb: string, v: GoValue): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${strval(v)})`;
}

function formatVerb(verb: string, v: GoValue, flags: string, prec: number | undefined): string {
  if (Array.isArray(v) && verb !== 'v' && verb !== 'T') {
    return '[' + v.map((e) => formatVerb(verb, e, flags, prec)).join(' ') + ']';
  }
  const plus = flags.includes('+');
  switch (verb) {
    case 'v':
      if (typeof v === 'number' && prec !== undefined) return formatFloat(v, 'g', prec);
      return v === undefined ? '<nil>' : goSprint(v);
    case 'T':
      return v === undefined || v === null ? '<nil>' : goTypeName(v);
    case 's':
      if (typeof v === 'string') return prec === undefined ? v : [...v].slice(0, prec).join('');
      if (isMap(v)) return goSprint(v);
      return badVerb(verb, v);
    case 'q':
      if (typeof v === 'string') return goQuote(v);
      if (typeof v === 'bigint') return "'" + String.fromCodePoint(Number(v)) + "'";
      return badVerb(verb, v);
    case 'd':
      if (typeof v === 'bigint') return (plus && v >= 0n ? '+' : '') + v.toString();
      return badVerb(verb, v);
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      const base = verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
      let s: string;
      if (typeof v === 'bigint') s = v.toString(base);
      else if (typeof v === 'string' && (verb === 'x' || verb === 'X')) s = Buffer.from(v, 'utf8').toString('hex');
      else return badVerb(verb, v);
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'c':
      if (typeof v === 'bigint') return String.fromCodePoint(Number(v));
      return badVerb(verb, v);
    case 't':
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return badVerb(verb, v);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (typeof v !== 'number') return badVerb(verb, v);
      const p = prec ?? (verb === 'g' || verb === 'G' ? -1 : 6);
      const s = formatFloat(v, verb as 'e' | 'E' | 'f' | 'F' | 'g' | 'G', p);
      return plus && v >= 0 ? '+' + s : s;
    }
    default:
      return badVerb(verb, v);
  }
}

// ---------------------------------------------------------------- sprig: strings

def('lower', ['string'], (s) => str(s).toLowerCase());
def('upper', ['string'], (s) => str(s).toUpperCase());
def('title', ['string'], (s) =>
  str(s).replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, p: string, l: string) => p + l.toUpperCase()),
);
def('untitle', ['string'], (s) =>
  str(s).replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, p: string, l: string) => p + l.toLowerCase()),
);
def('trim', ['string'], (s) => str(s).trim());
def('trimAll', ['string', 'string'], (cut, s) => trimCutset(str(s), str(cut)));
def('trimPrefix', ['string', 'string'], (p, s) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)));
def('trimSuffix', ['string', 'string'], (p, s) =>
  str(p) !== '' && str(s).endsWith(str(p)) ? str(s).slice(0, str(s).length - str(p).length) : str(s),
);
def('replace', ['string', 'string', 'string'], (o, n, s) =>
  str(o) === '' ? insertBetweenChars(str(s), str(n)) : str(s).split(str(o)).join(str(n)),
);
def('trunc', ['int', 'string'], (c, s) => {
  const n = Number(int(c));
  const t = str(s);
  if (n < 0 && t.length + n > 0) return t.slice(t.length + n);
  if (n >= 0 && t.length > n) return t.slice(0, n);
  return t;
});
def('substr', ['int', 'int', 'string'], (a, b, s) => {
  const t = str(s);
  const start = Number(int(a));
  const end = Number(int(b));
  if (start < 0) return t.slice(0, end);
  if (end < 0 || end > t.length) return t.slice(start);
  return t.slice(start, end);
});
def('contains', ['string', 'string'], (sub, s) => str(s).includes(str(sub)));
def('hasPrefix', ['string', 'string'], (p, s) => str(s).startsWith(str(p)));
def('hasSuffix', ['string', 'string'], (p, s) => str(s).endsWith(str(p)));
def(
  'quote',
  [],
  (...a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => goQuote(strval(x)))
      .join(' '),
  'any',
);
def(
  'squote',
  [],
  (...a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => `'${strval(x)}'`)
      .join(' '),
  'any',
);
def(
  'cat',
  [],
  (...a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map(strval)
      .join(' '),
  'any',
);
def('indent', ['int', 'string'], (n, s) => indent(Number(int(n)), str(s)));
def('nindent', ['int', 'string'], (n, s) => '\n' + indent(Number(int(n)), str(s)));
def('nospace', ['string'], (s) => str(s).replace(/\s+/gu, ''));
def('repeat', ['int', 'string'], (n, s) => str(s).repeat(Math.max(0, Number(int(n)))));
def('abbrev', ['int', 'string'], (n, s) => {
  const w = Number(int(n));
  const t = str(s);
  if (w < 4 || t.length <= w) return t;
  return t.slice(0, w - 3) + '...';
});
def('plural', ['string', 'string', 'int'], (one, many, n) => (int(n) === 1n ? str(one) : str(many)));
def('snakecase', ['string'], (s) => wordsOf(str(s)).join('_'));
def('kebabcase', ['string'], (s) => wordsOf(str(s)).join('-'));
def('camelcase', ['string'], (s) =>
  str(s)
    .split('_')
    .map((w) => (w === '' ? '' : (w[0] ?? '').toUpperCase() + w.slice(1)))
    .join(''),
);
def('toString', ['any'], (v) => strval(v));
def('toStrings', ['any'], (v) => (Array.isArray(v) ? v.map(strval) : v === null ? [] : [strval(v)]));
def('split', ['string', 'string'], (sep, s) => {
  const out: GoMap = {};
  goSplit(str(s), str(sep), -1).forEach((p, i) => {
    out['_' + i] = p;
  });
  return out;
});
def('splitList', ['string', 'string'], (sep, s) => goSplit(str(s), str(sep), -1));
def('splitn', ['string', 'int', 'string'], (sep, n, s) => {
  const out: GoMap = {};
  goSplit(str(s), str(sep), Number(int(n))).forEach((p, i) => {
    out['_' + i] = p;
  });
  return out;
});
def('join', ['string', 'any'], (sep, v) => {
  if (v === null) return '';
  if (Array.isArray(v))
    return v
      .filter((x) => x !== null && x !== undefined)
      .map(strval)
      .join(str(sep));
  return strval(v);
});
def('sortAlpha', ['any'], (v) => (Array.isArray(v) ? v.map(strval).sort() : [strval(v)]));
def('b64enc', ['string'], (s) => Buffer.from(str(s), 'utf8').toString('base64'));
def('b64dec', ['string'], (s) => Buffer.from(str(s), 'base64').toString('utf8'));
def('sha256sum', ['string'], (s) => createHash('sha256').update(str(s), 'utf8').digest('hex'));
def('sha1sum', ['string'], (s) => createHash('sha1').update(str(s), 'utf8').digest('hex'));
def('adler32sum', ['string'], (s) => {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(str(s), 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
});

// regular expressions (Go RE2 syntax is close to JS for the common subset)
function re(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags + 'u');
  } catch (e) {
    throw new FuncError(`error parsing regexp: ${(e as Error).message}`);
  }
}
function goExpand(repl: string): string {
  // Go: $1 / ${1} / $name; JS: $1 / $<name>. `$$` is a literal dollar in both.
  return repl.replace(
    /\$(\$|\{(\w+)\}|(\w+))/g,
    (_m, all: string, braced: string | undefined, bare: string | undefined) => {
      if (all === '$') return '$$';
      const name = braced ?? bare ?? '';
      return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
    },
  );
}
def('regexMatch', ['string', 'string'], (r, s) => re(str(r)).test(str(s)));
def('regexFind', ['string', 'string'], (r, s) => re(str(r)).exec(str(s))?.[0] ?? '');
def('regexFindAll', ['string', 'string', 'int'], (r, s, n) => {
  const all = [...str(s).matchAll(re(str(r), 'g'))].map((m) => m[0]);
  const lim = Number(int(n));
  return lim < 0 ? all : all.slice(0, lim);
});
def('regexReplaceAll', ['string', 'string', 'string'], (r, s, repl) =>
  str(s).replace(re(str(r), 'g'), goExpand(str(repl))),
);
def('regexReplaceAllLiteral', ['string', 'string', 'string'], (r, s, repl) =>
  str(s).replace(re(str(r), 'g'), () => str(repl)),
);
def('regexSplit', ['string', 'string', 'int'], (r, s, n) => {
  const parts = str(s).split(re(str(r), 'g'));
  const lim = Number(int(n));
  if (lim < 0 || parts.length <= lim) return parts;
  return [...parts.slice(0, lim - 1), parts.slice(lim - 1).join('')];
});
def('regexQuoteMeta', ['string'], (s) => str(s).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'));

// ---------------------------------------------------------------- sprig: defaults, conversion, math

def(
  'default',
  ['any'],
  (d, ...given) => (given.length === 0 || empty(given[0] ?? null) ? d : (given[0] ?? null)),
  'any',
);
def('empty', ['any'], (v) => empty(v));
def('coalesce', [], (...a) => a.find((x) => !empty(x)) ?? null, 'any');
def('all', [], (...a) => a.every((x) => !empty(x)), 'any');
def('any', [], (...a) => a.some((x) => !empty(x)), 'any');
def('ternary', ['any', 'any', 'bool'], (a, b, c) => (c === true ? a : b));
def('fail', ['string'], (m) => {
  throw new FuncError(str(m));
});
def('toJson', ['any'], (v) => safe(() => goJson(v), ''));
def('mustToJson', ['any'], (v) => goJson(v));
def('toRawJson', ['any'], (v) =>
  safe(
    () =>
      goJson(v)
        .replace(/\\u003c/g, '<')
        .replace(/\\u003e/g, '>')
        .replace(/\\u0026/g, '&'),
    '',
  ),
);
def('toPrettyJson', ['any'], (v) => safe(() => goJson(v, '  '), ''));
def('fromJson', ['string'], (s) => safe(() => fromData(JSON.parse(str(s))), {}));
def('int', ['any'], (v) => toInt64(v));
def('int64', ['any'], (v) => toInt64(v));
def('float64', ['any'], (v) => toFloat64(v));
def('atoi', ['string'], (s) => (/^[+-]?\d+$/.test(str(s).trim()) ? BigInt(str(s).trim()) : 0n));
def('toDecimal', ['any'], (v) => {
  const n = parseInt(strval(v), 8);
  return Number.isNaN(n) ? 0n : BigInt(n);
});
def('add', [], (...a) => a.reduce<bigint>((acc, x) => acc + toInt64(x), 0n), 'any');
def('add1', ['any'], (a) => toInt64(a) + 1n);
def('sub', ['any', 'any'], (a, b) => toInt64(a) - toInt64(b));
def('mul', ['any'], (a, ...r) => r.reduce<bigint>((acc, x) => acc * toInt64(x), toInt64(a)), 'any');
def('div', ['any', 'any'], (a, b) => {
  const d = toInt64(b);
  if (d === 0n) throw new FuncError('runtime error: integer divide by zero');
  return toInt64(a) / d;
});
def('mod', ['any', 'any'], (a, b) => {
  const d = toInt64(b);
  if (d === 0n) throw new FuncError('runtime error: integer divide by zero');
  return toInt64(a) % d;
});
/** Sprig's max/min over int64s (bigints: Math.max does not take them). */
const extremeInt =
  (pick: (a: bigint, b: bigint) => boolean) =>
  (a: GoValue, ...r: GoValue[]): bigint =>
    r.reduce<bigint>((m, x) => {
      const v = toInt64(x);
      return pick(v, m) ? v : m;
    }, toInt64(a));
const maxInt = extremeInt((v, m) => v > m);
def('max', ['any'], maxInt, 'any');
def(
  'min',
  ['any'],
  extremeInt((v, m) => v < m),
  'any',
);
def('until', ['int'], (n) => Array.from({ length: Math.max(0, Number(int(n))) }, (_x, i) => BigInt(i)));
def('kindOf', ['any'], (v) => goKindName(v));
def('kindIs', ['string', 'any'], (k, v) => goKindName(v) === str(k));
def('typeOf', ['any'], (v) => (v === null ? '<nil>' : goTypeName(v)));
def('typeIs', ['string', 'any'], (t, v) => (v === null ? '<nil>' : goTypeName(v)) === str(t));
def('deepEqual', ['any', 'any'], (a, b) => deepEqual(a, b));

// ---------------------------------------------------------------- sprig: lists and dicts

def('list', [], (...a) => a.map((x) => (x === undefined ? null : x)), 'any');
def('first', ['any'], (l) => (l === null ? null : (asList(l, 'find first')[0] ?? null)));
def('last', ['any'], (l) => {
  if (l === null) return null;
  const a = asList(l, 'find last');
  return a[a.length - 1] ?? null;
});
def('rest', ['any'], (l) => (l === null ? null : asList(l, 'find rest').slice(1)));
def('initial', ['any'], (l) => (l === null ? null : asList(l, 'find initial').slice(0, -1)));
def('append', ['any', 'any'], (l, v) => [...(l === null ? [] : asList(l, 'append')), v]);
def('push', ['any', 'any'], (l, v) => [...(l === null ? [] : asList(l, 'push')), v]);
def('prepend', ['any', 'any'], (l, v) => [v, ...(l === null ? [] : asList(l, 'prepend'))]);
def('concat', [], (...ls) => ls.flatMap((l) => (l === null ? [] : asList(l, 'concat'))), 'any');
def('reverse', ['any'], (l) => [...asList(l, 'find reverse')].reverse());
def('uniq', ['any'], (l) => {
  const out: GoValue[] = [];
  for (const x of asList(l, 'find uniq')) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
});
def('compact', ['any'], (l) => asList(l, 'compact').filter((x) => !empty(x)));
def(
  'without',
  ['any'],
  (l, ...omit) => asList(l, 'find without').filter((x) => !omit.some((o) => deepEqual(x, o))),
  'any',
);
def('has', ['any', 'any'], (needle, l) =>
  l === null ? false : asList(l, 'find has').some((x) => deepEqual(x, needle)),
);
def(
  'dict',
  [],
  (...a) => {
    const out: GoMap = {};
    for (let i = 0; i < a.length; i += 2) out[strval(a[i])] = i + 1 < a.length ? (a[i + 1] ?? null) : '';
    return out;
  },
  'any',
);
def('get', ['any', 'string'], (d, k) => {
  const m = asMap(d);
  return Object.hasOwn(m, str(k)) ? (m[str(k)] ?? null) : '';
});
def('set', ['any', 'string', 'any'], (d, k, v) => {
  const m = asMap(d);
  m[str(k)] = v;
  return m;
});
def('unset', ['any', 'string'], (d, k) => {
  const m = asMap(d);
  delete m[str(k)];
  return m;
});
def('hasKey', ['any', 'string'], (d, k) => Object.hasOwn(asMap(d), str(k)));
def('keys', [], (...ds) => ds.flatMap((d) => Object.keys(asMap(d))), 'any');
def('values', ['any'], (d) => Object.values(asMap(d)));
def(
  'pick',
  ['any'],
  (d, ...ks) => {
    const m = asMap(d);
    const out: GoMap = {};
    for (const k of ks.map(strval)) if (Object.hasOwn(m, k)) out[k] = m[k] ?? null;
    return out;
  },
  'string',
);
def(
  'omit',
  ['any'],
  (d, ...ks) => {
    const m = asMap(d);
    const drop = new Set(ks.map(strval));
    const out: GoMap = {};
    for (const [k, v] of Object.entries(m)) if (!drop.has(k)) out[k] = v;
    return out;
  },
  'string',
);
def(
  'pluck',
  ['string'],
  (k, ...ds) =>
    ds
      .map(asMap)
      .filter((m) => Object.hasOwn(m, str(k)))
      .map((m) => m[str(k)] ?? null),
  'any',
);
def(
  'dig',
  [],
  (...a) => {
    if (a.length < 3) throw new FuncError('dig needs at least three arguments');
    const dict = asMap(a[a.length - 1]);
    const dflt = a[a.length - 2] ?? null;
    let cur: GoValue = dict;
    for (const k of a.slice(0, -2).map(strval)) {
      if (!isMap(cur) || !Object.hasOwn(cur, k)) return dflt;
      cur = cur[k];
    }
    return cur ?? null;
  },
  'any',
);
function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  for (const [k, v] of Object.entries(src)) {
    const d = dst[k];
    if (isMap(d) && isMap(v)) mergeMaps(d, v, overwrite);
    else if (!(k in dst) || empty(d ?? null) || overwrite) dst[k] = v;
  }
  return dst;
}
def('merge', ['any'], (d, ...srcs) => srcs.reduce<GoMap>((acc, s) => mergeMaps(acc, asMap(s), false), asMap(d)), 'any');
def(
  'mergeOverwrite',
  ['any'],
  (d, ...srcs) => srcs.reduce<GoMap>((acc, s) => mergeMaps(acc, asMap(s), true), asMap(d)),
  'any',
);

// ---------------------------------------------------------------- Argo CD additions

def('normalize', ['string'], (s) => sanitizeName(str(s)));
def(
  'slugify',
  [],
  (...a) => {
    if (a.length === 0) return '';
    const name = a[a.length - 1];
    if (typeof name !== 'string')
      throw new FuncError(`slugify: the last argument must be a string, got ${goTypeName(name)}`);
    let max = 50;
    let smart = true;
    if (a.length >= 2) {
      const m = a[0];
      if (typeof m !== 'bigint') throw new FuncError(`slugify: maxSize must be an int, got ${goTypeName(m)}`);
      max = Number(m);
    }
    if (a.length >= 3) {
      const s = a[1];
      if (typeof s !== 'boolean')
        throw new FuncError(`slugify: enableSmartTruncate must be a bool, got ${goTypeName(s)}`);
      smart = s;
    }
    return slugifyName(name, max, smart);
  },
  'any',
);

// ---------------------------------------------------------------- Argo CD: YAML

def('toYaml', ['any'], (v) => goYamlMarshal(toData(v)));
def('fromYaml', ['string'], (s) => {
  const parsed = parseYamlOrFail(str(s));
  if (parsed === null || parsed === undefined) return {};
  if (!isMap(parsed))
    throw new FuncError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ` +
        `${jsonKind(parsed)} into Go value of type map[string]interface {}`,
    );
  return parsed;
});
def('fromYamlArray', ['string'], (s) => {
  const parsed = parseYamlOrFail(str(s));
  if (parsed === null || parsed === undefined) return [];
  if (!Array.isArray(parsed))
    throw new FuncError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ` +
        `${jsonKind(parsed)} into Go value of type []interface {}`,
    );
  return parsed;
});

// ---------------------------------------------------------------- sprig: the rest

def('hello', [], () => 'Hello!');
def('abbrevboth', ['int', 'int', 'string'], (l, w, s) => abbrevBoth(str(s), Number(int(l)), Number(int(w))));
def('initials', ['string'], (s) =>
  str(s)
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => [...w][0])
    .join(''),
);
def('swapcase', ['string'], (s) =>
  [...str(s)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
);
def('wrap', ['int', 'string'], (n, s) => wordWrap(str(s), Number(int(n)), '\n'));
def('wrapWith', ['int', 'string', 'string'], (n, sep, s) => wordWrap(str(s), Number(int(n)), str(sep)));
def('trimall', ['string', 'string'], (cut, s) => trimCutset(str(s), str(cut)));
def('tuple', [], (...a) => a.map((x) => (x === undefined ? null : x)), 'any');
def('seq', [], (...a) => seq(a.map((x) => Number(toInt64(x)))), 'any');
def('untilStep', ['int', 'int', 'int'], (start, stop, step) => {
  const out: GoValue[] = [];
  const [a, b, c] = [Number(int(start)), Number(int(stop)), Number(int(step))];
  if (c === 0 || (c > 0 && a >= b) || (c < 0 && a <= b)) return out;
  for (let i = a; c > 0 ? i < b : i > b; i += c) out.push(BigInt(i));
  return out;
});
def('chunk', ['int', 'any'], (size, l) => chunk(Number(int(size)), asList(l, 'chunk')));
def('mustChunk', ['int', 'any'], (size, l) => chunk(Number(int(size)), asList(l, 'chunk')));
def('deepCopy', ['any'], (v) => fromData(toData(v)));
def('mustDeepCopy', ['any'], (v) => {
  if (v === null || v === undefined) throw new FuncError('copy: cannot copy nil value');
  return fromData(toData(v));
});
def('typeIsLike', ['string', 'any'], (t, v) => {
  const name = v === null ? '<nil>' : goTypeName(v);
  return name === str(t) || `*${name}` === str(t);
});
def('biggest', ['any'], maxInt, 'any');

// float math (sprig uses shopspring/decimal, then Float64)
def('addf', [], (...a) => a.reduce<number>((acc, x) => acc + toFloat64(x), 0), 'any');
def('add1f', ['any'], (a) => toFloat64(a) + 1);
def('subf', ['any'], (a, ...r) => r.reduce<number>((acc, x) => acc - toFloat64(x), toFloat64(a)), 'any');
def('mulf', ['any'], (a, ...r) => r.reduce<number>((acc, x) => acc * toFloat64(x), toFloat64(a)), 'any');
def('divf', ['any'], (a, ...r) => r.reduce<number>((acc, x) => acc / toFloat64(x), toFloat64(a)), 'any');
def('maxf', ['any'], (a, ...r) => r.reduce<number>((m, x) => Math.max(m, toFloat64(x)), toFloat64(a)), 'any');
def('minf', ['any'], (a, ...r) => r.reduce<number>((m, x) => Math.min(m, toFloat64(x)), toFloat64(a)), 'any');
def('ceil', ['any'], (a) => Math.ceil(toFloat64(a)));
def('floor', ['any'], (a) => Math.floor(toFloat64(a)));
def(
  'round',
  ['any', 'int'],
  (a, p, ...r) => {
    const places = Number(int(p));
    const half = r.length > 0 ? toFloat64(r[0] ?? null) : 0.5;
    const pow = 10 ** places;
    const digit = toFloat64(a) * pow;
    const [, frac] = [Math.trunc(digit), digit - Math.trunc(digit)];
    const rounded = frac >= half ? Math.ceil(digit) : Math.floor(digit);
    return rounded / pow;
  },
  'any',
);

// encoding and crypto
def('b32enc', ['string'], (s) => base32Encode(Buffer.from(str(s), 'utf8')));
def('b32dec', ['string'], (s) => safe(() => base32Decode(str(s)), ''));
def('sha512sum', ['string'], (s) => createHash('sha512').update(str(s), 'utf8').digest('hex'));

// paths and URLs
def('base', ['string'], (s) => goPathBase(str(s)));
def('dir', ['string'], (s) => goPathDir(str(s)));
def('clean', ['string'], (s) => goPathClean(str(s)));
def('ext', ['string'], (s) => goPathExt(str(s)));
def('isAbs', ['string'], (s) => str(s).startsWith('/'));
def('osBase', ['string'], (s) => goPathBase(str(s)));
def('osDir', ['string'], (s) => goPathDir(str(s)));
def('osClean', ['string'], (s) => goPathClean(str(s)));
def('osExt', ['string'], (s) => goPathExt(str(s)));
def('osIsAbs', ['string'], (s) => str(s).startsWith('/'));
def('urlParse', ['string'], (s) => urlParse(str(s)));
def('urlJoin', ['any'], (d) => urlJoin(asMap(d)));

// semver (Masterminds/semver v3 through node-semver)
def('semver', ['string'], (s) => semverObject(str(s)));
def('semverCompare', ['string', 'string'], (c, v) => semverCompare(str(c), str(v)));

// time: deterministic given their input
// sprig duration reads a string or an int64 only: a template integer constant (an int) gives 0s
def('duration', ['any'], (v) =>
  goDuration((typeof v === 'string' && /^[+-]?\d+$/.test(v) ? BigInt(v) : 0n) * 1_000_000_000n),
);

// must* variants: the plain function's result, or the error the plain one swallows
for (const [must, plain] of [
  ['mustAppend', 'append'],
  ['mustPrepend', 'prepend'],
  ['mustFirst', 'first'],
  ['mustLast', 'last'],
  ['mustRest', 'rest'],
  ['mustInitial', 'initial'],
  ['mustReverse', 'reverse'],
  ['mustUniq', 'uniq'],
  ['mustCompact', 'compact'],
  ['mustWithout', 'without'],
  ['mustHas', 'has'],
  ['mustSlice', 'slice'],
  ['mustMerge', 'merge'],
  ['mustMergeOverwrite', 'mergeOverwrite'],
  ['mustRegexMatch', 'regexMatch'],
  ['mustRegexFind', 'regexFind'],
  ['mustRegexFindAll', 'regexFindAll'],
  ['mustRegexReplaceAll', 'regexReplaceAll'],
  ['mustRegexReplaceAllLiteral', 'regexReplaceAllLiteral'],
  ['mustRegexSplit', 'regexSplit'],
] as const) {
  const spec = funcs.get(plain);
  if (spec && !funcs.has(must)) funcs.set(must, spec);
}
def('mustToRawJson', ['any'], (v) =>
  goJson(v)
    .replace(/\\u003c/g, '<')
    .replace(/\\u003e/g, '>')
    .replace(/\\u0026/g, '&'),
);
def('mustToPrettyJson', ['any'], (v) => goJson(v, '  '));
def('mustFromJson', ['string'], (s) => {
  try {
    return fromData(JSON.parse(str(s)));
  } catch (e) {
    throw new FuncError((e as Error).message);
  }
});

// ---------------------------------------------------------------- rejected

for (const name of [
  'now',
  'date',
  'dateInZone',
  'dateModify',
  'mustDateModify',
  'ago',
  'unixEpoch',
  'htmlDate',
  'htmlDateInZone',
  'toDate',
  'mustToDate',
  'durationRound',
  'randAlpha',
  'randAlphaNum',
  'randNumeric',
  'randAscii',
  'randBytes',
  'randInt',
  'uuidv4',
  'genPrivateKey',
  'genCA',
  'genCAWithKey',
  'genSelfSignedCert',
  'genSelfSignedCertWithKey',
  'genSignedCert',
  'genSignedCertWithKey',
  'buildCustomCert',
  'derivePassword',
  'shuffle',
  'bcrypt',
  'htpasswd',
  'encryptAES',
  'decryptAES',
]) {
  def(
    name,
    [],
    () => {
      throw new FuncError(
        `${name} is not deterministic (clock, randomness or key material) and ` +
          `is not supported by the offline renderer (Argo CD accepts it; its ` +
          `output changes from one reconcile to the next)`,
      );
    },
    'any',
  );
}

// ---------------------------------------------------------------- helpers

function safe<T extends GoValue>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function trimCutset(s: string, cut: string): string {
  const set = new Set([...cut]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a] as string)) a++;
  while (b > a && set.has(chars[b - 1] as string)) b--;
  return chars.slice(a, b).join('');
}

function insertBetweenChars(s: string, n: string): string {
  // strings.Replace with an empty old string inserts at every rune boundary
  return n + [...s].join(n) + (s === '' ? '' : n);
}

function indent(n: number, s: string): string {
  const p = ' '.repeat(Math.max(0, n));
  return p + s.replace(/\n/g, '\n' + p);
}

function wordsOf(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** strings.SplitN */
function goSplit(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function parseYamlOrFail(s: string): GoValue {
  try {
    return fromData(parseArgoYaml(s));
  } catch (e) {
    throw new FuncError(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
}

function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** goutils.AbbreviateFull */
function abbrevBoth(s: string, offset: number, width: number): string {
  if (width < 4 || (offset > 0 && width < 7)) return s;
  if (s.length <= width) return s;
  let off = Math.min(offset, s.length);
  if (s.length - off < width - 3) off = s.length - (width - 3);
  if (off <= 4) return s.slice(0, width - 3) + '...';
  if (width < 7) return s;
  if (off + width - 3 < s.length) return '...' + (abbrevBoth(s.slice(off), 0, width - 3) as string);
  return '...' + s.slice(s.length - (width - 3));
}

/** goutils.WrapCustom(s, n, sep, true) */
function wordWrap(s: string, width: number, sep: string): string {
  const w = Math.max(1, width);
  const out: string[] = [];
  let rest = s;
  while (rest.length > w) {
    if (rest[0] === ' ') {
      rest = rest.slice(1);
      continue;
    }
    let cut = rest.lastIndexOf(' ', w);
    if (cut <= 0) cut = w;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  out.push(rest);
  return out.join(sep);
}

/** sprig seq: like the seq command (1 arg: 1..n, 2: a..b, 3: a, step, b). */
function seq(a: number[]): string {
  let start = 1;
  let step = 1;
  let end = 0;
  if (a.length === 0) return '';
  if (a.length === 1) end = a[0] as number;
  else if (a.length === 2) {
    start = a[0] as number;
    end = a[1] as number;
    step = start > end ? -1 : 1;
  } else if (a.length === 3) {
    start = a[0] as number;
    step = a[1] as number;
    end = a[2] as number;
    if ((end < start && step > 0) || (end > start && step < 0) || step === 0) return '';
  } else return '';
  const out: number[] = [];
  if (step > 0) for (let i = start; i <= end; i += step) out.push(i);
  else for (let i = start; i >= end; i += step) out.push(i);
  return out.join(' ');
}

function chunk(size: number, l: GoValue[]): GoValue[] {
  if (size <= 0) return [];
  const out: GoValue[] = [];
  for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}
function base32Decode(s: string): string {
  const clean = s.replace(/=+$/, '');
  if (s.length % 8 !== 0 || /[^A-Z2-7]/.test(clean)) throw new Error('illegal base32 data');
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of clean) {
    value = (value << 5) | B32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Go path.Clean */
function goPathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined === '' ? '.' : joined;
}
function goPathBase(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}
function goPathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return goPathClean(p.slice(0, i + 1));
}
function goPathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** sprig urlParse: the parts of a URL as a dict. */
function urlParse(s: string): GoMap {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/(?:([^@/?#]*)@)?([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(
    s,
  );
  if (!m) throw new FuncError(`unable to parse url: ${s}`);
  const host = m[3] ?? '';
  return {
    scheme: m[1] ?? '',
    host,
    hostname: host.replace(/:\d*$/, '').replace(/^\[(.*)\]$/, '$1'),
    path: decodeURIComponent(m[4] ?? ''),
    query: m[5] ?? '',
    opaque: '',
    fragment: m[6] !== undefined ? decodeURIComponent(m[6]) : '',
    userinfo: m[2] ?? '',
  };
}
function urlJoin(d: GoMap): string {
  const g = (k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
  let out = '';
  if (g('scheme') !== '') out += g('scheme') + ':';
  if (g('host') !== '' || g('userinfo') !== '')
    out += '//' + (g('userinfo') !== '' ? g('userinfo') + '@' : '') + g('host');
  const p = g('path');
  if (p !== '' && out !== '' && !p.startsWith('/') && g('host') !== '') out += '/';
  out += p;
  if (g('query') !== '') out += '?' + g('query');
  if (g('fragment') !== '') out += '#' + g('fragment');
  return out;
}

/** Masterminds NewVersion: "v" prefix and missing minor/patch allowed. */
const DOTTED_IDS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const LOOSE_SEMVER = new RegExp(
  `^v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${DOTTED_IDS}))?(?:\\+(${DOTTED_IDS}))?$`,
);
function parseSemver(s: string): {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  meta: string;
  canonical: string;
} {
  const m = LOOSE_SEMVER.exec(s);
  if (!m) throw new FuncError('Invalid Semantic Version');
  const [major, minor, patch] = [BigInt(m[1] ?? '0'), BigInt(m[2] ?? '0'), BigInt(m[3] ?? '0')];
  const pre = m[4] ?? '';
  const meta = m[5] ?? '';
  return { major, minor, patch, pre, meta, canonical: `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}` };
}
function semverObject(s: string): GoMap {
  const v = parseSemver(s);
  return { Major: v.major, Minor: v.minor, Patch: v.patch, Prerelease: v.pre, Metadata: v.meta, Original: s };
}
/** Masterminds constraints: comparisons joined by "," or space (and), "||" (or), ~ ^ x-ranges and hyphen ranges. */
function semverCompare(constraint: string, version: string): boolean {
  const v = parseSemver(version);
  const groups = constraint.split('||').map((g) => g.trim());
  const range = groups
    .map((g) =>
      g
        .replace(/\s*,\s*/g, ' ')
        .replace(/(^|\s)(=|!=|>=|<=|>|<|~>|~|\^)\s+/g, '$1$2')
        .replace(/~>/g, '~')
        .replace(/(^|\s)=?v(\d)/g, '$1$2'),
    )
    .join(' || ');
  let parsed: InstanceType<typeof semverLib.Range>;
  try {
    // "!=" has no node-semver spelling: split it out
    const notEqual: string[] = [];
    const cleaned = range.replace(/!=\s*([0-9][^\s|]*)/g, (_m, x: string) => {
      notEqual.push(x);
      return '';
    });
    if (notEqual.some((x) => semverLib.eq(v.canonical, parseSemver(x).canonical))) return false;
    parsed = new semverLib.Range(cleaned.trim() === '' ? '*' : cleaned, { loose: true });
  } catch (e) {
    if (e instanceof FuncError) throw e;
    throw new FuncError(`improper constraint: ${constraint}`);
  }
  return parsed.test(v.canonical);
}

/** Go time.Duration.String */
function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${formatGoFloat(Number(u) / 1e3)}µs`;
    else out = `${formatGoFloat(Number(u) / 1e6)}ms`;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    const s = formatGoFloat(Number(u) / 1e9);
    out = h > 0n ? `${h}h${m}m${s}s` : m > 0n ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? '-' + out : out;
}

export const templateFuncs: ReadonlyMap<string, FuncSpec> = funcs;
