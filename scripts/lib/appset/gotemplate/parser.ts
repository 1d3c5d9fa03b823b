/**
 * Parser: turns lexed pieces into a tree of nodes, following the grammar of Go
 * text/template (actions, pipelines, commands, operands, if/with/range with
 * else and else-if chains, variables with lexical scope, break/continue).
 */
import { lex, TemplateSyntaxError } from './lexer.js';
import type { Piece, Token } from './lexer.js';

export type Arg =
  | { t: 'field'; pos: number; idents: string[] }
  | { t: 'dot'; pos: number }
  | { t: 'variable'; pos: number; name: string; idents: string[] }
  | { t: 'ident'; pos: number; name: string }
  | { t: 'string'; pos: number; value: string; text: string }
  | {
      t: 'number';
      pos: number;
      text: string;
      isInt: boolean;
      int: bigint;
      isFloat: boolean;
      float: number;
      isChar: boolean;
    }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'nil'; pos: number }
  | { t: 'pipe'; pos: number; pipe: Pipe }
  | { t: 'chain'; pos: number; node: Arg; idents: string[] };

export interface Command {
  pos: number;
  args: Arg[];
}

export interface Pipe {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export interface ControlNode {
  t: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList: Node[] | undefined;
}

export type Node =
  | { t: 'text'; pos: number; text: string }
  | { t: 'action'; pos: number; pipe: Pipe }
  | ControlNode
  | { t: 'break'; pos: number }
  | { t: 'continue'; pos: number };

export interface ParsedTemplate {
  source: string;
  root: Node[];
}

type Terminator = { kind: 'end' | 'else' | 'eof'; pos: number; cursor: Cursor | undefined };

class Cursor {
  private i = 0;
  constructor(
    readonly tokens: Token[],
    readonly source: string,
  ) {}
  peek(offset = 0): Token {
    const tok = this.tokens[this.i + offset] ?? this.tokens[this.tokens.length - 1];
    if (tok === undefined) throw new Error('internal: empty token list');
    return tok;
  }
  next(): Token {
    const tok = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return tok;
  }
  error(tok: Token, message: string): never {
    throw new TemplateSyntaxError(this.source, tok.pos, message);
  }
}

export function describeToken(tok: Token): string {
  switch (tok.kind) {
    case 'end':
      return '<end of action>';
    case 'string':
    case 'rawstring':
    case 'char':
      return `quoted string ${tok.text}`;
    default:
      return `"${tok.text}"`;
  }
}

class Parser {
  private pieceIndex = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly pieces: Piece[];

  constructor(
    readonly source: string,
    readonly funcs: ReadonlySet<string>,
  ) {
    this.pieces = lex(source);
  }

  parse(): Node[] {
    const { nodes, term } = this.itemList();
    if (term.kind === 'end') throw new TemplateSyntaxError(this.source, term.pos, 'unexpected {{end}}');
    if (term.kind === 'else') throw new TemplateSyntaxError(this.source, term.pos, 'unexpected {{else}}');
    return nodes;
  }

  private itemList(): { nodes: Node[]; term: Terminator } {
    const nodes: Node[] = [];
    for (;;) {
      const piece = this.pieces[this.pieceIndex++];
      if (piece === undefined) return { nodes, term: { kind: 'eof', pos: this.source.length, cursor: undefined } };
      if (piece.type === 'text') {
        nodes.push({ t: 'text', pos: piece.pos, text: piece.text });
        continue;
      }
      if (piece.type === 'comment') continue;
      const cur = new Cursor(piece.tokens, this.source);
      const first = cur.peek();
      if (first.kind === 'identifier') {
        switch (first.text) {
          case 'end':
            cur.next();
            this.expectEnd(cur, 'end');
            return { nodes, term: { kind: 'end', pos: first.pos, cursor: undefined } };
          case 'else':
            cur.next();
            return { nodes, term: { kind: 'else', pos: first.pos, cursor: cur } };
          case 'if':
          case 'with':
          case 'range':
            cur.next();
            nodes.push(this.control(first.text, first.pos, cur));
            continue;
          case 'break':
          case 'continue':
            cur.next();
            if (this.rangeDepth === 0) cur.error(first, `{{${first.text}}} outside {{range}}`);
            this.expectEnd(cur, first.text);
            nodes.push({ t: first.text, pos: first.pos });
            continue;
          case 'define':
          case 'template':
          case 'block':
            cur.error(first, `{{${first.text}}} is not supported in ApplicationSet templates`);
        }
      }
      const pipe = this.pipeline(cur, 'command');
      nodes.push({ t: 'action', pos: piece.pos, pipe });
    }
  }

  private expectEnd(cur: Cursor, context: string): void {
    const tok = cur.next();
    if (tok.kind !== 'end') cur.error(tok, `unexpected ${describeToken(tok)} in ${context}`);
  }

  private control(kind: 'if' | 'with' | 'range', pos: number, cur: Cursor): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(cur, kind);
      if (kind === 'range') this.rangeDepth++;
      let body: { nodes: Node[]; term: Terminator };
      try {
        body = this.itemList();
      } finally {
        if (kind === 'range') this.rangeDepth--;
      }
      let elseList: Node[] | undefined;
      if (body.term.kind === 'eof')
        throw new TemplateSyntaxError(this.source, pos, `unexpected EOF: {{${kind}}} has no matching {{end}}`);
      if (body.term.kind === 'else') {
        const ec = body.term.cursor;
        if (ec === undefined) throw new Error('internal: else without cursor');
        const nextTok = ec.peek();
        if (
          (kind === 'if' && nextTok.kind === 'identifier' && nextTok.text === 'if') ||
          (kind === 'with' && nextTok.kind === 'identifier' && nextTok.text === 'with')
        ) {
          ec.next();
          // {{else if x}} ... {{end}} is {{else}}{{if x}} ... {{end}}{{end}}: the nested
          // control consumes the single {{end}}.
          elseList = [this.control(kind, nextTok.pos, ec)];
        } else {
          this.expectEnd(ec, 'else');
          const rest = this.itemList();
          if (rest.term.kind !== 'end')
            throw new TemplateSyntaxError(
              this.source,
              rest.term.pos,
              `expected {{end}} to close {{${kind}}}, found ${rest.term.kind === 'eof' ? 'EOF' : '{{else}}'}`,
            );
          elseList = rest.nodes;
        }
      }
      return { t: kind, pos, pipe, list: body.nodes, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private pipeline(cur: Cursor, context: string): Pipe {
    const start = cur.peek();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    // declarations
    if (start.kind === 'variable') {
      const after = cur.peek(1);
      if (after.kind === 'declare' || after.kind === 'assign') {
        cur.next();
        cur.next();
        pipe.decl.push(start.text);
        pipe.isAssign = after.kind === 'assign';
      } else if (after.kind === 'comma' && context === 'range') {
        const second = cur.peek(2);
        const op = cur.peek(3);
        if (second.kind !== 'variable' || (op.kind !== 'declare' && op.kind !== 'assign'))
          cur.error(after, 'range can only initialize variables as "$i, $v :="');
        cur.next();
        cur.next();
        cur.next();
        cur.next();
        pipe.decl.push(start.text, second.text);
        pipe.isAssign = op.kind === 'assign';
      }
      for (const v of pipe.decl) {
        if (pipe.isAssign) {
          if (!this.vars.includes(v)) cur.error(start, `undefined variable "${v}"`);
        }
      }
    }
    for (;;) {
      const tok = cur.peek();
      if (tok.kind === 'end' || tok.kind === 'rparen') break;
      pipe.cmds.push(this.command(cur));
      const sep = cur.peek();
      if (sep.kind === 'pipe') {
        cur.next();
        const nxt = cur.peek();
        if (nxt.kind === 'end' || nxt.kind === 'rparen') cur.error(nxt, 'missing command after "|"');
      }
    }
    const endTok = cur.peek();
    if (context !== 'paren') {
      if (endTok.kind !== 'end') cur.error(endTok, `unexpected ${describeToken(endTok)} in ${context}`);
      cur.next();
    }
    if (pipe.cmds.length === 0) cur.error(endTok, `missing value for ${context}`);
    pipe.cmds.forEach((c, i) => {
      const a0 = c.args[0];
      if (i > 0 && a0 !== undefined && ['bool', 'dot', 'nil', 'number', 'string'].includes(a0.t)) {
        throw new TemplateSyntaxError(this.source, c.pos, `non executable command in pipeline stage ${i + 1}`);
      }
    });
    if (!pipe.isAssign) this.vars.push(...pipe.decl);
    return pipe;
  }

  private command(cur: Cursor): Command {
    const cmd: Command = { pos: cur.peek().pos, args: [] };
    for (;;) {
      const tok = cur.peek();
      if (tok.kind === 'end' || tok.kind === 'rparen' || tok.kind === 'pipe') break;
      if (cmd.args.length > 0 && !tok.spaceBefore) cur.error(tok, `unexpected ${describeToken(tok)} in operand`);
      cmd.args.push(this.operand(cur));
    }
    if (cmd.args.length === 0) cur.error(cur.peek(), 'empty command');
    return cmd;
  }

  private operand(cur: Cursor): Arg {
    let node = this.term(cur);
    const idents: string[] = [];
    while (cur.peek().kind === 'field' && !cur.peek().spaceBefore) idents.push(cur.next().text.slice(1));
    if (idents.length === 0) return node;
    switch (node.t) {
      case 'field':
        node = { ...node, idents: [...node.idents, ...idents] };
        break;
      case 'variable':
        node = { ...node, idents: [...node.idents, ...idents] };
        break;
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        cur.error(cur.peek(), `unexpected . after term ${argString(node)}`);
        break;
      default:
        node = { t: 'chain', pos: node.pos, node, idents };
    }
    return node;
  }

  private term(cur: Cursor): Arg {
    const tok = cur.next();
    switch (tok.kind) {
      case 'identifier':
        if (!this.funcs.has(tok.text)) cur.error(tok, `function "${tok.text}" not defined`);
        return { t: 'ident', pos: tok.pos, name: tok.text };
      case 'dot':
        return { t: 'dot', pos: tok.pos };
      case 'nil':
        return { t: 'nil', pos: tok.pos };
      case 'variable':
        if (!this.vars.includes(tok.text)) cur.error(tok, `undefined variable "${tok.text}"`);
        return { t: 'variable', pos: tok.pos, name: tok.text, idents: [] };
      case 'field':
        return { t: 'field', pos: tok.pos, idents: [tok.text.slice(1)] };
      case 'bool':
        return { t: 'bool', pos: tok.pos, value: tok.text === 'true' };
      case 'string':
      case 'rawstring':
        return { t: 'string', pos: tok.pos, value: tok.value ?? '', text: tok.text };
      case 'char': {
        const cp = BigInt((tok.value ?? '').codePointAt(0) ?? 0);
        return {
          t: 'number',
          pos: tok.pos,
          text: tok.text,
          isInt: true,
          int: cp,
          isFloat: true,
          float: Number(cp),
          isChar: true,
        };
      }
      case 'number':
        return parseNumber(cur, tok);
      case 'lparen': {
        const pipe = this.pipeline(cur, 'paren');
        const close = cur.next();
        if (close.kind !== 'rparen') cur.error(close, `unclosed left paren`);
        return { t: 'pipe', pos: tok.pos, pipe };
      }
      default:
        return cur.error(tok, `unexpected ${describeToken(tok)} in operand`);
    }
  }
}

function parseNumber(cur: Cursor, tok: Token): Arg {
  const text = tok.text;
  if (text.endsWith('i')) cur.error(tok, `complex numbers are not supported: ${text}`);
  const clean = text.replace(/_/g, '');
  let isInt = false;
  let int = 0n;
  let isFloat = false;
  let float = 0;
  const neg = clean.startsWith('-');
  const body = clean.replace(/^[+-]/, '');
  if (/^0[xXbBoO]/.test(body) || /^[0-9]+$/.test(body)) {
    let b = body;
    if (/^0[0-7]+$/.test(b)) b = '0o' + b.slice(1);
    try {
      int = BigInt(b);
      if (neg) int = -int;
      isInt = true;
      isFloat = true;
      float = Number(int);
    } catch {
      cur.error(tok, `illegal number syntax: "${text}"`);
    }
  } else {
    float = Number(clean);
    if (Number.isNaN(float)) cur.error(tok, `illegal number syntax: "${text}"`);
    isFloat = true;
    if (Number.isInteger(float) && Math.abs(float) < 2 ** 63) {
      isInt = true;
      int = BigInt(float);
    }
  }
  return { t: 'number', pos: tok.pos, text, isInt, int, isFloat, float, isChar: false };
}

export function parseTemplate(source: string, funcs: ReadonlySet<string>): ParsedTemplate {
  return { source, root: new Parser(source, funcs).parse() };
}

/** Render an operand back to source-like text (used in error context, as Go does). */
export function argString(a: Arg): string {
  switch (a.t) {
    case 'field':
      return a.idents.map((i) => '.' + i).join('');
    case 'dot':
      return '.';
    case 'variable':
      return a.name + a.idents.map((i) => '.' + i).join('');
    case 'ident':
      return a.name;
    case 'string':
      return a.text;
    case 'number':
      return a.text;
    case 'bool':
      return String(a.value);
    case 'nil':
      return 'nil';
    case 'pipe':
      return '(' + pipeString(a.pipe) + ')';
    case 'chain':
      return argString(a.node) + a.idents.map((i) => '.' + i).join('');
  }
}

export function pipeString(p: Pipe): string {
  const decl = p.decl.length > 0 ? p.decl.join(', ') + (p.isAssign ? ' = ' : ' := ') : '';
  return decl + p.cmds.map((c) => c.args.map(argString).join(' ')).join(' | ');
}
