/**
 * Lexer for the subset of Go text/template used in ApplicationSets.
 *
 * The source is split into text and actions (`{{ ... }}`), honouring the trim
 * markers `{{- ` and ` -}}` and comments `{{/* ... *\/}}`. Inside an action the
 * lexer produces tokens; every token records whether whitespace preceded it,
 * because Go distinguishes `.a.b` (one chained field) from `.a .b` (two args).
 */

export type TokenKind =
  | 'field' // .name
  | 'dot' // .
  | 'variable' // $ or $name
  | 'identifier' // function names and keywords
  | 'string' // "..." (value already unescaped)
  | 'rawstring' // `...`
  | 'char' // 'a'
  | 'number'
  | 'bool'
  | 'nil'
  | 'lparen'
  | 'rparen'
  | 'pipe'
  | 'declare' // :=
  | 'assign' // =
  | 'comma'
  | 'end'; // end of the action

export interface Token {
  kind: TokenKind;
  /** source text of the token (for strings: the quoted source) */
  text: string;
  /** for strings and chars: the decoded value */
  value?: string;
  pos: number;
  spaceBefore: boolean;
}

export type Piece =
  | { type: 'text'; text: string; pos: number }
  | { type: 'action'; tokens: Token[]; pos: number }
  | { type: 'comment'; pos: number };

export class TemplateSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly pos: number,
    message: string,
  ) {
    super(`template: :${lineOf(source, pos)}: ${message}`);
    this.name = 'TemplateSyntaxError';
  }
}

export function lineOf(source: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < source.length; i++) if (source[i] === '\n') line++;
  return line;
}

const LEFT = '{{';
const RIGHT = '}}';

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

/** Split a template source into text pieces and tokenised actions. */
export function lex(source: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNextText = false;
  while (i <= source.length) {
    const open = source.indexOf(LEFT, i);
    let text = open < 0 ? source.slice(i) : source.slice(i, open);
    const textPos = i;
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    trimNextText = false;
    if (open < 0) {
      if (text !== '') pieces.push({ type: 'text', text, pos: textPos });
      break;
    }
    // left trim marker: "{{- " (the dash must be followed by a space)
    let p = open + LEFT.length;
    if (source[p] === '-' && isSpace(source[p + 1])) {
      text = text.replace(/[ \t\r\n]+$/, '');
      p += 2;
    }
    if (text !== '') pieces.push({ type: 'text', text, pos: textPos });
    const actionPos = open;
    // comment
    if (source.startsWith('/*', p)) {
      const close = source.indexOf('*/', p + 2);
      if (close < 0) throw new TemplateSyntaxError(source, open, 'unclosed comment');
      let r = close + 2;
      if (source[r] === ' ' && source[r + 1] === '-' && source.startsWith(RIGHT, r + 2)) {
        trimNextText = true;
        r += 2;
      }
      if (!source.startsWith(RIGHT, r))
        throw new TemplateSyntaxError(source, open, 'comment ends before closing delimiter');
      pieces.push({ type: 'comment', pos: actionPos });
      i = r + RIGHT.length;
      continue;
    }
    const { tokens, next, trim } = lexAction(source, p);
    trimNextText = trim;
    pieces.push({ type: 'action', tokens, pos: actionPos });
    i = next;
  }
  return pieces;
}

function lexAction(src: string, start: number): { tokens: Token[]; next: number; trim: boolean } {
  const tokens: Token[] = [];
  let i = start;
  let parenDepth = 0;
  for (;;) {
    let spaceBefore = false;
    while (isSpace(src[i])) {
      // right trim marker " -}}"
      if (src[i + 1] === '-' && src.startsWith(RIGHT, i + 2)) {
        tokens.push({ kind: 'end', text: '', pos: i, spaceBefore: true });
        return { tokens, next: i + 2 + RIGHT.length, trim: true };
      }
      i++;
      spaceBefore = true;
    }
    if (i >= src.length) throw new TemplateSyntaxError(src, start, 'unclosed action');
    if (src.startsWith(RIGHT, i)) {
      if (parenDepth > 0) throw new TemplateSyntaxError(src, i, 'unclosed left paren');
      tokens.push({ kind: 'end', text: '', pos: i, spaceBefore });
      return { tokens, next: i + RIGHT.length, trim: false };
    }
    const c = src[i] as string;
    const pos = i;
    const push = (kind: TokenKind, text: string, value?: string): void => {
      const tok: Token = { kind, text, pos, spaceBefore };
      if (value !== undefined) tok.value = value;
      tokens.push(tok);
    };
    if (c === '"') {
      const { value, end } = readQuoted(src, i);
      push('string', src.slice(i, end), value);
      i = end;
    } else if (c === '`') {
      const close = src.indexOf('`', i + 1);
      if (close < 0) throw new TemplateSyntaxError(src, i, 'unterminated raw quoted string');
      push('rawstring', src.slice(i, close + 1), src.slice(i + 1, close));
      i = close + 1;
    } else if (c === "'") {
      const { value, end } = readQuoted(src, i);
      if ([...value].length !== 1)
        throw new TemplateSyntaxError(src, i, `malformed character constant: ${src.slice(i, end)}`);
      push('char', src.slice(i, end), value);
      i = end;
    } else if (c === '(') {
      parenDepth++;
      push('lparen', c);
      i++;
    } else if (c === ')') {
      parenDepth--;
      if (parenDepth < 0) throw new TemplateSyntaxError(src, i, 'unexpected right paren');
      push('rparen', c);
      i++;
    } else if (c === '|') {
      push('pipe', c);
      i++;
    } else if (c === ',') {
      push('comma', c);
      i++;
    } else if (c === ':' && src[i + 1] === '=') {
      push('declare', ':=');
      i += 2;
    } else if (c === '=') {
      push('assign', '=');
      i++;
    } else if (c === '$') {
      let j = i + 1;
      while (isAlnum(src[j])) j++;
      push('variable', src.slice(i, j));
      i = j;
    } else if (c === '.' && !/[0-9]/.test(src[i + 1] ?? '')) {
      let j = i + 1;
      while (isAlnum(src[j])) j++;
      if (j === i + 1) push('dot', '.');
      else push('field', src.slice(i, j));
      i = j;
    } else if (/[0-9+\-.]/.test(c)) {
      const m =
        /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(
          src.slice(i),
        );
      const text = m?.[0] ?? '';
      if (text === '' || text === '+' || text === '-' || text === '.' || isAlnum(src[i + text.length])) {
        throw new TemplateSyntaxError(src, i, `bad number syntax: "${src.slice(i, i + Math.max(text.length, 1))}"`);
      }
      push('number', text);
      i += text.length;
    } else if (isAlnum(c)) {
      let j = i;
      while (isAlnum(src[j])) j++;
      const word = src.slice(i, j);
      if (word === 'true' || word === 'false') push('bool', word);
      else if (word === 'nil') push('nil', word);
      else push('identifier', word);
      i = j;
    } else {
      throw new TemplateSyntaxError(src, i, `unexpected "${c}" in command`);
    }
  }
}

function readQuoted(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n') throw new TemplateSyntaxError(src, start, 'unterminated quoted string');
    if (c === quote) return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case "'":
        out += "'";
        break;
      case 'x': {
        const h = src.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new TemplateSyntaxError(src, start, 'invalid escape in quoted string');
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const h = src.slice(i, i + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h))
          throw new TemplateSyntaxError(src, start, 'invalid escape in quoted string');
        out += String.fromCodePoint(parseInt(h, 16));
        i += n;
        break;
      }
      default:
        if (e !== undefined && /[0-7]/.test(e)) {
          const o = src.slice(i - 1, i + 2);
          if (!/^[0-7]{3}$/.test(o)) throw new TemplateSyntaxError(src, start, 'invalid escape in quoted string');
          out += String.fromCharCode(parseInt(o, 8));
          i += 2;
          break;
        }
        throw new TemplateSyntaxError(src, start, `invalid escape \\${e ?? ''} in quoted string`);
    }
  }
}
