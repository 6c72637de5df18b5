import type { JsonPathAst } from './jsonpath-ast.js';
import { parseJsonPath } from './jsonpath-parser.js';

/**
 * True when a parsed path is a Reference Path: it can select only one node, using dot and bracket
 * member access and single indices (no `*`, `..`, slices, unions, filters or functions). AWS requires
 * this in ResultPath, ItemsPath, Choice `Variable` and the `*Path` fields of Wait, Map and Task.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html#amazon-states-language-reference-paths
 */
export function isReferencePathAst(ast: JsonPathAst): boolean {
  for (const segment of ast.segments) {
    if (segment.scope !== 'child') return false;
    const kind = segment.selector.kind;
    if (kind !== 'name' && kind !== 'index') return false;
  }
  return true;
}

/**
 * True when `path` parses as JSONPath and is a Reference Path (see {@link isReferencePathAst}).
 * @example isReferencePath('$.result.items[0]') // true
 * @example isReferencePath('$.items[*].id') // false
 */
export function isReferencePath(path: string): boolean {
  try {
    return isReferencePathAst(parseJsonPath(path));
  } catch {
    return false;
  }
}
