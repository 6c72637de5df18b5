import ts from 'typescript';

/** One place where a source file switches the type checker off. */
export interface EscapeHatch {
  /** 1-based line. */
  readonly line: number;
  /** What it is, e.g. `as unknown as`. */
  readonly kind: string;
  /** The source text, trimmed to one line. */
  readonly text: string;
}

/** Which checks apply: `anyAssertion` also refuses `x as T` (all but `as const`). */
export interface EscapeHatchRules {
  readonly anyAssertion?: boolean;
}

const SUPPRESSION = /(?:\/\/|\/\*)\s*@ts-(expect-error|ignore|nocheck)\b/;

/** A `z.custom` predicate that accepts every value: none, or `() => true` / `function () { return true; }`. */
function acceptsEverything(call: ts.CallExpression): boolean {
  const predicate = call.arguments[0];
  if (predicate === undefined) return true;
  if (!ts.isArrowFunction(predicate) && !ts.isFunctionExpression(predicate)) return false;
  const body = predicate.body;
  if (body.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (ts.isBlock(body) && body.statements.length === 1) {
    const only = body.statements[0];
    return (
      only !== undefined && ts.isReturnStatement(only) && only.expression?.kind === ts.SyntaxKind.TrueKeyword
    );
  }
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/**
 * The casts and suppressions in one TypeScript source that switch the DSL's checking off: `as unknown
 * as`, `as any`, `as never`, an `any` type, `@ts-expect-error` / `@ts-ignore` / `@ts-nocheck`,
 * `castRef`, `ref<T>()` (a reference of a type the user asserts), and a `z.custom` that accepts every
 * value. Found in the syntax tree, so comments and strings that mention them do not count.
 */
export function findEscapeHatches(
  fileName: string,
  text: string,
  rules: EscapeHatchRules = {},
): EscapeHatch[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: EscapeHatch[] = [];
  const report = (node: ts.Node, kind: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ line, kind, text: node.getText(source).split('\n')[0]!.trim() });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const type = node.type;
      const inner = ts.isParenthesizedExpression(node.expression)
        ? node.expression.expression
        : node.expression;
      if (type.kind === ts.SyntaxKind.AnyKeyword) report(node, 'as any');
      else if (type.kind === ts.SyntaxKind.NeverKeyword) report(node, 'as never');
      else if ((ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner)) && isUnknown(inner.type))
        report(node, 'as unknown as');
      else if (rules.anyAssertion && !isConst(type) && !isUnknown(type)) report(node, 'type assertion');
    } else if (node.kind === ts.SyntaxKind.AnyKeyword && !ts.isAsExpression(node.parent)) {
      report(node, 'any type');
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'castRef') report(node, 'castRef');
      else if (name === 'ref' && node.typeArguments !== undefined) report(node, 'ref<T>()');
      else if (name === 'custom' && acceptsEverything(node)) report(node, 'z.custom accepting every value');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // Suppression comments: TypeScript honours them where a comment starts with the directive.
  text.split('\n').forEach((lineText, index) => {
    const match = SUPPRESSION.exec(lineText);
    if (match) found.push({ line: index + 1, kind: `@ts-${match[1]}`, text: lineText.trim() });
  });
  return found.sort((a, b) => a.line - b.line);
}

function isUnknown(type: ts.TypeNode): boolean {
  return type.kind === ts.SyntaxKind.UnknownKeyword;
}

function isConst(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'const';
}
