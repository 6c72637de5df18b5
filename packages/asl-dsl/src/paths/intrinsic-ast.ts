import type { JsonPathAst } from './jsonpath-ast.js';

/** A call of an intrinsic function such as `States.Format('{}', $.a)`. */
export interface IntrinsicCall {
  readonly kind: 'call';
  /** The full name, e.g. `States.Format`. */
  readonly name: string;
  readonly arguments: readonly IntrinsicArgument[];
  /** 0-based offset of the name in the source text. */
  readonly offset: number;
}

/** A single-quoted string argument. */
export interface IntrinsicStringLiteral {
  readonly kind: 'string';
  /** The value with AWS escapes (`\'`, `\{`, `\}`, `\\`) resolved. */
  readonly value: string;
  /** The text between the quotes as written, so `States.Format` can tell `\{` from `{`. */
  readonly raw: string;
}

/** One argument of an intrinsic call. */
export type IntrinsicArgument =
  | IntrinsicStringLiteral
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'path'; readonly path: JsonPathAst }
  | IntrinsicCall;
