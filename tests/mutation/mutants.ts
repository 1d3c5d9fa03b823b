/** The mutants of a rule module's source (tests/mutation/mutate.ts runs them). */
import ts from 'typescript';

export interface Mutant {
  /** 1-based line and column of the mutated code */
  readonly line: number;
  readonly column: number;
  readonly operator: string;
  /** the code before and after */
  readonly from: string;
  readonly to: string;
  readonly start: number;
  readonly end: number;
}

const FLIP: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '!==',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '===',
  [ts.SyntaxKind.EqualsEqualsToken]: '!=',
  [ts.SyntaxKind.ExclamationEqualsToken]: '==',
  [ts.SyntaxKind.LessThanToken]: '>=',
  [ts.SyntaxKind.LessThanEqualsToken]: '>',
  [ts.SyntaxKind.GreaterThanToken]: '<=',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '<',
  [ts.SyntaxKind.AmpersandAmpersandToken]: '||',
  [ts.SyntaxKind.BarBarToken]: '&&',
};

const isLoopCondition = (node: ts.Node): boolean => {
  for (let n: ts.Node | undefined = node; n?.parent; n = n.parent) {
    const p: ts.Node = n.parent;
    if ((ts.isWhileStatement(p) || ts.isDoStatement(p)) && p.expression === n) return true;
    if (ts.isForStatement(p) && p.condition === n) return true;
    if (ts.isStatement(p) || ts.isFunctionLike(p)) return false;
  }
  return false;
};

/** Every mutant of a module's source. */
export function mutantsOf(file: string, source: string): Mutant[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Mutant[] = [];
  const add = (node: ts.Node, operator: string, to: string, start = node.getStart(sf), end = node.getEnd()): void => {
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    out.push({ line: line + 1, column: character + 1, operator, from: source.slice(start, end), to, start, end });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIfStatement(node)) add(node.expression, 'negate if', `!(${node.expression.getText(sf)})`);
    else if (ts.isConditionalExpression(node)) add(node.condition, 'negate ?:', `!(${node.condition.getText(sf)})`);
    else if (ts.isBinaryExpression(node) && !isLoopCondition(node)) {
      const flipped = FLIP[node.operatorToken.kind];
      if (flipped) add(node.operatorToken, `${node.operatorToken.getText(sf)} -> ${flipped}`, flipped);
    } else if (
      ts.isPrefixUnaryExpression(node) &&
      node.operator === ts.SyntaxKind.ExclamationToken &&
      !isLoopCondition(node)
    )
      add(node, 'drop !', `(${node.operand.getText(sf)})`);
    else if (ts.isContinueStatement(node)) add(node, 'remove continue', ';');
    else if (ts.isReturnStatement(node) && ts.isIfStatement(node.parent)) add(node, 'remove early return', ';');
    else if (
      ts.isBlock(node) &&
      ts.isIfStatement(node.parent) &&
      node.statements.length === 1 &&
      ts.isReturnStatement(node.statements[0] as ts.Node)
    )
      add(node.statements[0] as ts.Node, 'remove early return', ';');
    else if (node.kind === ts.SyntaxKind.TrueKeyword) add(node, 'true -> false', 'false');
    else if (node.kind === ts.SyntaxKind.FalseKeyword) add(node, 'false -> true', 'true');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
