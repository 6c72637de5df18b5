import type { JsonValue } from '../model/json.js';

/**
 * Where a JSONPath starts: `$` (the state input or current node), `$$` (the context object) or
 * `$name` (a workflow variable, JSONPath states only).
 */
export type JsonPathRoot =
  | { readonly kind: 'input' }
  | { readonly kind: 'context' }
  | { readonly kind: 'variable'; readonly name: string };

/** A member name or an array index inside a union such as `['a','b']` or `[0,2]`. */
export type JsonPathUnionMember =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number };

/** What one step of a path selects from each node it is applied to. */
export type JsonPathSelector =
  /** `.name` or `['name']`. */
  | { readonly kind: 'name'; readonly name: string }
  /** `[3]` or `[-1]` (negative counts from the end). */
  | { readonly kind: 'index'; readonly index: number }
  /** `.*` or `[*]`. */
  | { readonly kind: 'wildcard' }
  /** `[start:end:step]`, each part optional. */
  | {
      readonly kind: 'slice';
      readonly start?: number;
      readonly end?: number;
      readonly step?: number;
    }
  /** `['a','b']` or `[0,1]`. */
  | { readonly kind: 'union'; readonly members: readonly JsonPathUnionMember[] }
  /** `[?(...)]`. */
  | { readonly kind: 'filter'; readonly expression: FilterExpression }
  /** `.length()` and the other Jayway functions: they parse, but AWS does not evaluate them. */
  | { readonly kind: 'function'; readonly name: string };

/** One step of a path: a child step (`.x`, `[0]`) or a deep scan (`..x`, `..[0]`, `..*`). */
export interface JsonPathSegment {
  readonly scope: 'child' | 'descendant';
  readonly selector: JsonPathSelector;
}

/** A parsed JSONPath. */
export interface JsonPathAst {
  /** The path text as written. */
  readonly source: string;
  readonly root: JsonPathRoot;
  readonly segments: readonly JsonPathSegment[];
}

/** The comparison operators a filter expression may use (Jayway JsonPath, which AWS runs). */
export type FilterComparisonOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'in'
  | 'nin'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'size'
  | 'empty';

/** A path inside a filter: relative to the current item (`@`) or to the document root (`$`). */
export interface FilterPath {
  readonly kind: 'path';
  readonly relativeTo: 'current' | 'root';
  readonly segments: readonly JsonPathSegment[];
}

/** A value a filter comparison reads. */
export type FilterOperand =
  | FilterPath
  | { readonly kind: 'literal'; readonly value: JsonValue }
  | { readonly kind: 'regex'; readonly pattern: string; readonly flags: string };

/** The boolean expression of a `[?(...)]` filter. */
export type FilterExpression =
  | { readonly kind: 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'and'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | {
      readonly kind: 'comparison';
      readonly operator: FilterComparisonOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
    }
  /** A bare path: true when it selects something. */
  | { readonly kind: 'exists'; readonly path: FilterPath };
