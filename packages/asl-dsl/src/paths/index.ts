/**
 * Parsers for the expression languages of JSONPath states: JSONPath itself and intrinsic functions.
 * Shared by the validator and the asl-local engine.
 * @module
 */
export { type FormatTemplatePart, parseFormatTemplate } from './format-template.js';
export type { IntrinsicArgument, IntrinsicCall, IntrinsicStringLiteral } from './intrinsic-ast.js';
export { checkIntrinsicCall, type IntrinsicProblem } from './intrinsic-check.js';
export {
  HASH_ALGORITHMS,
  INTRINSIC_FUNCTIONS,
  type IntrinsicArgumentKind,
  type IntrinsicSignature,
  intrinsicArgumentKind,
  MAX_INTRINSIC_NESTING,
} from './intrinsic-functions.js';
export { parseIntrinsic } from './intrinsic-parser.js';
export { IntrinsicSyntaxError } from './intrinsic-syntax-error.js';
// The whole JSONPath AST is public: every node type of jsonpath-ast.ts, kept in step by construction.
export type * from './jsonpath-ast.js';
export { parseJsonPath } from './jsonpath-parser.js';
export { JsonPathSyntaxError } from './jsonpath-syntax-error.js';
export { isReferencePath, isReferencePathAst } from './reference-path.js';
