/**
 * Evaluator for parsed templates, mirroring Go text/template's exec.go:
 * field chains over maps, missingkey handling, variables with block scope,
 * pipelines passing the previous result as the final argument, typed function
 * arguments, short-circuit and/or, if/with/range (lists, maps in key order,
 * integers) with else branches, break/continue.
 */
import { lineOf } from './lexer.js';
import { argString, pipeString } from './parser.js';
import type { Arg, Command, ControlNode, Node, ParsedTemplate, Pipe } from './parser.js';
import { goTypeName, isMap, printForAction, truth } from './values.js';
import type { GoValue } from './values.js';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export type ParamKind = 'any' | 'string' | 'int' | 'float' | 'bool' | 'value';

export interface FuncSpec {
  params: ParamKind[];
  variadic?: ParamKind;
  fn: (...args: GoValue[]) => GoValue;
}

export type FuncMap = ReadonlyMap<string, FuncSpec>;

/** Thrown by template functions; reported as `error calling <name>: <message>`. */
export class FuncError extends Error {}

export class TemplateExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

class BreakSignal {}
class ContinueSignal {}

const NO_FINAL = Symbol('no final');
type Final = GoValue | typeof NO_FINAL;

interface Variable {
  name: string;
  value: GoValue;
}

class State {
  vars: Variable[];
  out: string[] = [];
  /** node currently evaluated, for error context */
  node: { pos: number; text: string } = { pos: 0, text: '' };

  constructor(
    readonly tmpl: ParsedTemplate,
    readonly funcs: FuncMap,
    readonly missingKey: MissingKey,
    root: GoValue,
  ) {
    this.vars = [{ name: '$', value: root }];
  }

  at(pos: number, text: string): void {
    this.node = { pos, text };
  }

  errorf(message: string): never {
    const src = this.tmpl.source;
    const pos = this.node.pos;
    const line = lineOf(src, pos);
    const lastNl = src.lastIndexOf('\n', pos - 1);
    const col = pos - (lastNl + 1);
    let ctx = this.node.text;
    if (ctx.length > 20) ctx = ctx.slice(0, 20) + '...';
    throw new TemplateExecError(`template: :${line}:${col}: executing "" at <${ctx}>: ${message}`);
  }

  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    this.vars.length = mark;
  }
  push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }
  setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v !== undefined && v.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v !== undefined && v.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  walkList(dot: GoValue, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  walk(dot: GoValue, node: Node): void {
    switch (node.t) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(printForAction(val));
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.mark();
        try {
          const val = this.evalPipeline(dot, node.pipe);
          if (truth(val)) this.walkList(node.t === 'with' ? val : dot, node.list);
          else if (node.elseList !== undefined) this.walkList(dot, node.elseList);
        } finally {
          this.pop(mark);
        }
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private walkRange(dot: GoValue, node: ControlNode): void {
    const mark = this.mark();
    try {
      const pipe: Pipe = { ...node.pipe, decl: [], isAssign: false };
      const val = this.evalPipeline(dot, pipe);
      const [kVar, vVar] = node.pipe.decl.length === 2 ? node.pipe.decl : [undefined, node.pipe.decl[0]];
      const iterate = (key: GoValue, elem: GoValue): boolean => {
        const m = this.mark();
        try {
          if (node.pipe.isAssign) {
            if (vVar !== undefined) this.setVar(vVar, elem);
            if (kVar !== undefined) this.setVar(kVar, key);
          } else {
            if (kVar !== undefined) this.push(kVar, key);
            if (vVar !== undefined) this.push(vVar, elem);
          }
          this.walkList(elem, node.list);
        } catch (e) {
          if (e instanceof BreakSignal) return false;
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          this.pop(m);
        }
        return true;
      };
      let count = 0;
      if (Array.isArray(val)) {
        for (let i = 0; i < val.length; i++) {
          count++;
          if (!iterate(BigInt(i), val[i])) break;
        }
      } else if (isMap(val)) {
        for (const k of Object.keys(val).sort()) {
          count++;
          if (!iterate(k, val[k])) break;
        }
      } else if (typeof val === 'bigint') {
        if (node.pipe.decl.length > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
        for (let i = 0n; i < val; i++) {
          count++;
          if (!iterate(i, i)) break;
        }
      } else if (val === undefined || val === null) {
        // nothing to iterate over
      } else {
        this.at(node.pos, pipeString(node.pipe));
        this.errorf(`range can't iterate over ${typeof val === 'number' ? String(val) : String(val)}`);
      }
      if (count === 0 && node.elseList !== undefined) this.walkList(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  // ---- evaluation ----

  evalPipeline(dot: GoValue, pipe: Pipe): GoValue {
    let value: Final = NO_FINAL;
    for (const cmd of pipe.cmds) {
      let v = this.evalCommand(dot, cmd, value);
      // a nil interface{} result becomes an invalid value, as in Go
      if (v === null) v = undefined;
      value = v;
    }
    const result = value === NO_FINAL ? undefined : value;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, result);
      else this.push(name, result);
    }
    return result;
  }

  private evalCommand(dot: GoValue, cmd: Command, final: Final): GoValue {
    const first = cmd.args[0];
    if (first === undefined) return this.errorf('empty command');
    this.at(first.pos, cmd.args.map(argString).join(' '));
    switch (first.t) {
      case 'field':
        return this.evalFieldChain(dot, dot, first.idents, cmd.args, final, first);
      case 'chain': {
        if (cmd.args.length > 1 || final !== NO_FINAL) {
          // a chain is never a method; arguments are an error
          this.errorf(`can't give argument to non-function ${argString(first)}`);
        }
        const base = this.evalArg(dot, 'any', first.node);
        return this.evalFieldChain(dot, base, first.idents, cmd.args, final, first);
      }
      case 'ident':
        return this.evalFunction(dot, first.name, cmd, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.notAFunction(cmd.args, final);
    switch (first.t) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return idealConstant(first);
      case 'string':
        return first.value;
    }
  }

  private notAFunction(args: Arg[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL) {
      this.errorf(`can't give argument to non-function ${argString(args[0] as Arg)}`);
    }
  }

  private evalVariable(dot: GoValue, v: Extract<Arg, { t: 'variable' }>, args: Arg[], final: Final): GoValue {
    const value = this.varValue(v.name);
    if (v.idents.length === 0) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v.idents, args, final, v);
  }

  private evalFieldChain(
    _dot: GoValue,
    receiver: GoValue,
    idents: string[],
    args: Arg[],
    final: Final,
    node: Arg,
  ): GoValue {
    let r = receiver;
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      const hasArgs = last && (args.length > 1 || final !== NO_FINAL);
      r = this.evalField(idents[i] as string, r, hasArgs, node);
    }
    return r;
  }

  private evalField(name: string, receiver: GoValue, hasArgs: boolean, node: Arg): GoValue {
    if (receiver === undefined) {
      if (this.missingKey === 'error') {
        this.at(node.pos, argString(node));
        this.errorf(`nil data; no entry for key "${name}"`);
      }
      return undefined;
    }
    if (receiver === null) {
      this.at(node.pos, argString(node));
      this.errorf(`nil pointer evaluating interface {}.${name}`);
    }
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (Object.hasOwn(receiver, name)) return receiver[name];
      switch (this.missingKey) {
        case 'error':
          this.at(node.pos, argString(node));
          return this.errorf(`map has no entry for key "${name}"`);
        case 'zero':
          return null;
        default:
          return undefined;
      }
    }
    this.at(node.pos, argString(node));
    return this.errorf(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalFunction(dot: GoValue, name: string, cmd: Command, final: Final): GoValue {
    const args = cmd.args.slice(1);
    if (name === 'and' || name === 'or') {
      if (args.length === 0 && final === NO_FINAL)
        this.errorf(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue;
      for (const a of args) {
        v = this.evalArg(dot, 'value', a);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== NO_FINAL) v = final;
      return v;
    }
    const spec = this.funcs.get(name);
    if (spec === undefined) return this.errorf(`"${name}" is not a defined function`);
    const numIn = args.length + (final !== NO_FINAL ? 1 : 0);
    const numFixed = spec.params.length;
    if (spec.variadic !== undefined) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${numIn}`);
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    }
    const kindAt = (i: number): ParamKind => spec.params[i] ?? spec.variadic ?? 'any';
    const values: GoValue[] = [];
    const ctx = { ...this.node };
    args.forEach((a, i) => {
      values.push(this.evalArg(dot, kindAt(i), a));
      this.at(ctx.pos, ctx.text);
    });
    if (final !== NO_FINAL) values.push(this.validate(final, kindAt(values.length)));
    try {
      return spec.fn(...values);
    } catch (e) {
      if (e instanceof TemplateExecError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      return this.errorf(`error calling ${name}: ${msg}`);
    }
  }

  private evalArg(dot: GoValue, kind: ParamKind, a: Arg): GoValue {
    this.at(a.pos, argString(a));
    switch (a.t) {
      case 'dot':
        return this.validate(dot, kind);
      case 'nil':
        if (kind === 'any' || kind === 'value') return null;
        return this.errorf(`cannot assign nil to ${goKind(kind)}`);
      case 'field':
        return this.validate(this.evalFieldChain(dot, dot, a.idents, [a], NO_FINAL, a), kind);
      case 'variable':
        return this.validate(this.evalVariable(dot, a, [a], NO_FINAL), kind);
      case 'pipe':
        return this.validate(this.evalPipeline(dot, a.pipe), kind);
      case 'ident':
        return this.validate(this.evalFunction(dot, a.name, { pos: a.pos, args: [a] }, NO_FINAL), kind);
      case 'chain': {
        const base = this.evalArg(dot, 'any', a.node);
        return this.validate(this.evalFieldChain(dot, base, a.idents, [a], NO_FINAL, a), kind);
      }
      default:
        break;
    }
    switch (kind) {
      case 'bool':
        if (a.t === 'bool') return a.value;
        return this.errorf(`expected bool; found ${argString(a)}`);
      case 'string':
        if (a.t === 'string') return a.value;
        return this.errorf(`expected string; found ${argString(a)}`);
      case 'int':
        if (a.t === 'number' && a.isInt) return a.int;
        return this.errorf(`expected integer; found ${argString(a)}`);
      case 'float':
        if (a.t === 'number' && a.isFloat) return a.float;
        return this.errorf(`expected float; found ${argString(a)}`);
      default:
        if (a.t === 'bool') return a.value;
        if (a.t === 'string') return a.value;
        if (a.t === 'number') return idealConstant(a);
        return this.errorf(`can't handle ${argString(a)} for arg of type ${goKind(kind)}`);
    }
  }

  private validate(v: GoValue, kind: ParamKind): GoValue {
    if (kind === 'value') return v;
    if (v === undefined || v === null) {
      if (kind === 'any') return null;
      return this.errorf(`invalid value; expected ${goKind(kind)}`);
    }
    const ok =
      kind === 'any' ||
      (kind === 'string' && typeof v === 'string') ||
      (kind === 'int' && typeof v === 'bigint') ||
      (kind === 'float' && typeof v === 'number') ||
      (kind === 'bool' && typeof v === 'boolean');
    if (!ok) this.errorf(`wrong type for value; expected ${goKind(kind)}; got ${goTypeName(v)}`);
    return v;
  }
}

function goKind(kind: ParamKind): string {
  switch (kind) {
    case 'float':
      return 'float64';
    case 'any':
    case 'value':
      return 'interface {}';
    default:
      return kind;
  }
}

function idealConstant(n: Extract<Arg, { t: 'number' }>): GoValue {
  if (n.isChar) return n.int;
  if (n.isFloat && !/^[+-]?0[xX]/.test(n.text) && /[.eEpP]/.test(n.text)) return n.float;
  if (n.isInt) return n.int;
  return n.float;
}

export function execute(tmpl: ParsedTemplate, data: GoValue, funcs: FuncMap, missingKey: MissingKey): string {
  const st = new State(tmpl, funcs, missingKey, data);
  try {
    st.walkList(data, tmpl.root);
  } catch (e) {
    if (e instanceof BreakSignal || e instanceof ContinueSignal)
      throw new TemplateExecError('break/continue outside range');
    throw e;
  }
  return st.out.join('');
}
