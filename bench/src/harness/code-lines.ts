import ts from 'typescript';

/**
 * Lines of code in a TypeScript source: the lines that hold at least one token, so blank lines and
 * lines holding only comments (JSDoc included) do not count. A token spanning lines (a multi-line
 * template literal) counts each of its lines.
 */
export function codeLines(text: string): number {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isJSDoc(node)) return;
    const children = node.getChildren(source);
    if (children.length === 0) {
      if (node.kind === ts.SyntaxKind.EndOfFileToken) return;
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      for (let line = first; line <= last; line++) lines.add(line);
      return;
    }
    for (const child of children) visit(child);
  };
  visit(source);
  return lines.size;
}

/** All lines, as `wc -l` counts them. */
export function rawLines(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
