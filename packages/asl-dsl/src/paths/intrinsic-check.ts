import { parseFormatTemplate } from './format-template.js';
import type { IntrinsicArgument, IntrinsicCall } from './intrinsic-ast.js';
import {
  HASH_ALGORITHMS,
  INTRINSIC_FUNCTIONS,
  type IntrinsicArgumentKind,
  intrinsicArgumentKind,
  MAX_INTRINSIC_NESTING,
} from './intrinsic-functions.js';

/** One problem found in a parsed intrinsic call. */
export interface IntrinsicProblem {
  /** `nesting` when calls nest deeper than AWS allows; `signature` for everything else. */
  readonly kind: 'signature' | 'nesting';
  /** 0-based offset of the call the problem is in. */
  readonly offset: number;
  readonly message: string;
}

/**
 * Checks a parsed intrinsic call against the 18-function signature table: known names, arity,
 * the kinds of literal arguments, `States.Hash` algorithms, the `{}` count of a literal
 * `States.Format` template and the 10-level nesting limit.
 * Path arguments are not checked: their values exist only at run time.
 */
export function checkIntrinsicCall(call: IntrinsicCall): IntrinsicProblem[] {
  const problems: IntrinsicProblem[] = [];
  visit(call, 1, problems);
  return problems;
}

function visit(call: IntrinsicCall, depth: number, problems: IntrinsicProblem[]): void {
  if (depth === MAX_INTRINSIC_NESTING + 1) {
    problems.push({
      kind: 'nesting',
      offset: call.offset,
      message: `more than ${MAX_INTRINSIC_NESTING} nested intrinsic functions`,
    });
  }
  const sig = INTRINSIC_FUNCTIONS.get(call.name);
  if (!sig) {
    problems.push({
      kind: 'signature',
      offset: call.offset,
      message: `unknown intrinsic function ${call.name}`,
    });
  } else {
    const count = call.arguments.length;
    if (count < sig.minArity || count > sig.maxArity) {
      const expected =
        sig.maxArity === Number.POSITIVE_INFINITY
          ? `at least ${sig.minArity}`
          : sig.minArity === sig.maxArity
            ? `${sig.minArity}`
            : `${sig.minArity} to ${sig.maxArity}`;
      problems.push({
        kind: 'signature',
        offset: call.offset,
        message: `${call.name} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${count}`,
      });
    }
    call.arguments.forEach((arg, index) => {
      const want = intrinsicArgumentKind(sig, index);
      const got = literalKind(arg);
      if (got && !kindAccepts(want, got, arg)) {
        problems.push({
          kind: 'signature',
          offset: call.offset,
          message: `argument ${index + 1} of ${call.name} must be ${want === 'integer' ? 'an' : 'a'} ${want}, got ${got}`,
        });
      }
    });
    const template = call.arguments[0];
    if (sig.name === 'States.Format' && template?.kind === 'string') {
      // A literal template fixes the placeholder count; AWS fails every run whose count differs.
      const placeholders = parseFormatTemplate(template.raw).filter((p) => p.kind === 'placeholder').length;
      const values = count - 1;
      if (placeholders !== values) {
        problems.push({
          kind: 'signature',
          offset: call.offset,
          message: `States.Format template has ${placeholders} {} placeholder${placeholders === 1 ? '' : 's'} but ${values} value${values === 1 ? '' : 's'} follow${values === 1 ? 's' : ''} it`,
        });
      }
    }
    const algorithm = call.arguments[1];
    if (
      sig.name === 'States.Hash' &&
      algorithm?.kind === 'string' &&
      !HASH_ALGORITHMS.includes(algorithm.value)
    ) {
      problems.push({
        kind: 'signature',
        offset: call.offset,
        message: `States.Hash algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, got '${algorithm.value}'`,
      });
    }
  }
  for (const arg of call.arguments) {
    if (arg.kind === 'call') visit(arg, depth + 1, problems);
  }
}

/** The kind of a literal argument; undefined for paths and calls, known only at run time. */
function literalKind(arg: IntrinsicArgument): IntrinsicArgumentKind | 'null' | undefined {
  switch (arg.kind) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    default:
      return undefined;
  }
}

function kindAccepts(
  want: IntrinsicArgumentKind,
  got: IntrinsicArgumentKind | 'null',
  arg: IntrinsicArgument,
): boolean {
  if (want === 'any') return true;
  if (want === 'integer') return arg.kind === 'number' && Number.isInteger(arg.value);
  return want === got;
}
