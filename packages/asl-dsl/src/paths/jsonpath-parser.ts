import type { JsonValue } from '../model/json.js';
import type {
  FilterComparisonOperator,
  FilterExpression,
  FilterOperand,
  FilterPath,
  JsonPathAst,
  JsonPathRoot,
  JsonPathSegment,
  JsonPathSelector,
  JsonPathUnionMember,
} from './jsonpath-ast.js';
import { JsonPathSyntaxError } from './jsonpath-syntax-error.js';

/**
 * Characters that end a dot-notation member name. Anything else may appear in one: AWS (Jayway)
 * accepts `$.detail-type`, so we do too.
 */
const NAME_TERMINATORS = new Set([
  '.',
  '[',
  ']',
  '(',
  ')',
  ' ',
  '\t',
  '\n',
  '\r',
  '=',
  '!',
  '<',
  '>',
  '&',
  '|',
  ',',
  "'",
  '"',
]);

/** Word operators of Jayway filters, longest first so `nin` is not read as `in`. */
const WORD_OPERATORS: readonly FilterComparisonOperator[] = [
  'subsetof',
  'noneof',
  'anyof',
  'empty',
  'size',
  'nin',
  'in',
];

const SYMBOL_OPERATORS: readonly FilterComparisonOperator[] = ['==', '!=', '<=', '>=', '=~', '<', '>'];

const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*/u;

/**
 * Parses a JSONPath as Step Functions accepts it: `$` (input), `$$` (context object), `$name`
 * (variable), dot and bracket members, indices (negative too), `*`, slices, unions, `..` deep scan
 * and `[?(...)]` filters.
 * @throws {JsonPathSyntaxError} naming the character where the path stops making sense.
 * @example parseJsonPath("$.accounts[?(@.status == 'ACTIVE')].id")
 */
export function parseJsonPath(path: string): JsonPathAst {
  // AWS evaluates paths with Jayway JsonPath, which ignores spaces after the path: `"$.a "` deploys
  // and selects `$.a`. Only the end is trimmed; a space inside the path still ends a member name.
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 32) end--;
  const reader = new JsonPathReader(end === path.length ? path : path.slice(0, end));
  const root = reader.readRoot();
  const segments = reader.readSegments(false);
  if (!reader.atEnd()) reader.fail(`unexpected '${reader.peek()}'`);
  return { source: path, root, segments };
}

/** A cursor over the path text; one instance parses one path. */
class JsonPathReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  fail(reason: string, at: number = this.pos): never {
    throw new JsonPathSyntaxError(this.text, at, reason);
  }

  private expect(chars: string): void {
    if (!this.text.startsWith(chars, this.pos)) {
      this.fail(this.atEnd() ? `expected '${chars}' but the path ended` : `expected '${chars}'`);
    }
    this.pos += chars.length;
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  readRoot(): JsonPathRoot {
    if (this.peek() !== '$') this.fail("a path must start with '$'");
    this.pos++;
    if (this.peek() === '$') {
      this.pos++;
      return { kind: 'context' };
    }
    const match = VARIABLE_NAME.exec(this.text.slice(this.pos));
    if (match) {
      this.pos += match[0].length;
      return { kind: 'variable', name: match[0] };
    }
    return { kind: 'input' };
  }

  /** Reads `.x`, `[...]` and `..x` steps until something else (or the end) comes. */
  readSegments(insideFilter: boolean): JsonPathSegment[] {
    const segments: JsonPathSegment[] = [];
    for (;;) {
      const ch = this.peek();
      if (ch === '.') {
        if (this.peek(1) === '.') {
          this.pos += 2;
          segments.push({ scope: 'descendant', selector: this.readAfterDeepScan() });
        } else {
          this.pos++;
          segments.push({ scope: 'child', selector: this.readDotSelector() });
        }
      } else if (ch === '[') {
        segments.push({ scope: 'child', selector: this.readBracket() });
      } else {
        if (!insideFilter && !this.atEnd() && ch !== ']') {
          this.fail(`unexpected '${ch}' (use ['...'] for names with special characters)`);
        }
        return segments;
      }
    }
  }

  private readAfterDeepScan(): JsonPathSelector {
    if (this.peek() === '[') return this.readBracket();
    if (this.peek() === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    return this.readName('a member name after ..');
  }

  private readDotSelector(): JsonPathSelector {
    if (this.peek() === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    if (this.peek() === '[') {
      // `$.abc.['def ghi']`: AWS's own documentation writes this form.
      return this.readBracket();
    }
    const name = this.readName("a member name after '.'");
    if (name.kind === 'name' && this.peek() === '(' && this.peek(1) === ')') {
      this.pos += 2;
      return { kind: 'function', name: name.name };
    }
    return name;
  }

  private readName(what: string): JsonPathSelector {
    const start = this.pos;
    while (this.pos < this.text.length && !NAME_TERMINATORS.has(this.text.charAt(this.pos))) this.pos++;
    if (this.pos === start)
      this.fail(this.atEnd() ? `expected ${what} but the path ended` : `expected ${what}`);
    return { kind: 'name', name: this.text.slice(start, this.pos) };
  }

  private readBracket(): JsonPathSelector {
    const open = this.pos;
    this.expect('[');
    this.skipSpaces();
    let selector: JsonPathSelector;
    const ch = this.peek();
    if (ch === '*') {
      this.pos++;
      selector = { kind: 'wildcard' };
    } else if (ch === '?') {
      this.pos++;
      this.skipSpaces();
      this.expect('(');
      const expression = this.readOr();
      this.skipSpaces();
      this.expect(')');
      selector = { kind: 'filter', expression };
    } else if (ch === "'" || ch === '"') {
      selector = this.readNameUnion();
    } else if (ch === '-' || ch === ':' || /[0-9]/.test(ch)) {
      selector = this.readIndexOrSlice();
    } else if (this.atEnd()) {
      this.fail("unclosed '['", open);
    } else {
      this.fail(`unexpected '${ch}' inside [ ]`);
    }
    this.skipSpaces();
    if (this.atEnd()) this.fail("unclosed '['", open);
    this.expect(']');
    return selector;
  }

  private readNameUnion(): JsonPathSelector {
    const members: JsonPathUnionMember[] = [];
    for (;;) {
      members.push({ kind: 'name', name: this.readQuoted() });
      this.skipSpaces();
      if (this.peek() !== ',') break;
      this.pos++;
      this.skipSpaces();
    }
    const [first] = members;
    return members.length === 1 && first ? first : { kind: 'union', members };
  }

  /**
   * A quoted name or string. A backslash escapes only the quote that delimits it and a backslash;
   * any other backslash is text: AWS reads `$['Test\""Name"']` as the key `Test\""Name"` (LocalStack
   * scenarios/test_base_scenarios.snapshot.json, test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONPATH],
   * recorded on AWS 02-02-2025).
   */
  private readQuoted(): string {
    const quote = this.peek();
    const start = this.pos;
    this.pos++;
    let value = '';
    while (!this.atEnd() && this.peek() !== quote) {
      const next = this.text.charAt(this.pos + 1);
      if (this.peek() === '\\' && (next === quote || next === '\\')) {
        value += next;
        this.pos += 2;
      } else {
        value += this.peek();
        this.pos++;
      }
    }
    if (this.atEnd()) this.fail('unterminated string', start);
    this.pos++;
    return value;
  }

  private readInteger(): number | undefined {
    const match = /^-?[0-9]+/.exec(this.text.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private readIndexOrSlice(): JsonPathSelector {
    const first = this.readInteger();
    this.skipSpaces();
    if (this.peek() === ':') {
      this.pos++;
      this.skipSpaces();
      const end = this.readInteger();
      this.skipSpaces();
      let step: number | undefined;
      if (this.peek() === ':') {
        this.pos++;
        this.skipSpaces();
        step = this.readInteger();
        if (step === 0) this.fail('a slice step cannot be 0');
      }
      return {
        kind: 'slice',
        ...(first === undefined ? {} : { start: first }),
        ...(end === undefined ? {} : { end }),
        ...(step === undefined ? {} : { step }),
      };
    }
    if (first === undefined) this.fail('expected an index');
    if (this.peek() !== ',') return { kind: 'index', index: first };
    const members: JsonPathUnionMember[] = [{ kind: 'index', index: first }];
    while (this.peek() === ',') {
      this.pos++;
      this.skipSpaces();
      const next = this.readInteger();
      if (next === undefined) this.fail('expected an index after ,');
      members.push({ kind: 'index', index: next });
      this.skipSpaces();
    }
    return { kind: 'union', members };
  }

  // ---- filter expressions: or := and ('||' and)*; and := unary ('&&' unary)* ----

  private readOr(): FilterExpression {
    let left = this.readAnd();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith('||', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'or', left, right: this.readAnd() };
    }
  }

  private readAnd(): FilterExpression {
    let left = this.readUnary();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith('&&', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'and', left, right: this.readUnary() };
    }
  }

  private readUnary(): FilterExpression {
    this.skipSpaces();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      return { kind: 'not', operand: this.readUnary() };
    }
    if (this.peek() === '(') {
      this.pos++;
      const inner = this.readOr();
      this.skipSpaces();
      this.expect(')');
      return inner;
    }
    const start = this.pos;
    const left = this.readOperand();
    this.skipSpaces();
    const operator = this.readOperator();
    if (!operator) {
      if (left.kind !== 'path') this.fail('a filter needs a comparison or a path', start);
      return { kind: 'exists', path: left };
    }
    this.skipSpaces();
    const right = this.readOperand();
    return { kind: 'comparison', operator, left, right };
  }

  private readOperator(): FilterComparisonOperator | undefined {
    for (const op of SYMBOL_OPERATORS) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    for (const op of WORD_OPERATORS) {
      if (this.text.startsWith(op, this.pos) && !/[\p{L}\p{N}_]/u.test(this.peek(op.length))) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private readOperand(): FilterOperand {
    this.skipSpaces();
    const ch = this.peek();
    if (ch === '@' || ch === '$') {
      this.pos++;
      const path: FilterPath = {
        kind: 'path',
        relativeTo: ch === '@' ? 'current' : 'root',
        segments: this.readSegments(true),
      };
      return path;
    }
    if (ch === "'" || ch === '"') return { kind: 'literal', value: this.readQuoted() };
    if (ch === '/') return this.readRegex();
    if (ch === '[') return { kind: 'literal', value: this.readArrayLiteral() };
    const match = /^(-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)/.exec(this.text.slice(this.pos));
    if (match) {
      this.pos += match[0].length;
      return { kind: 'literal', value: JSON.parse(match[0]) as JsonValue };
    }
    if (this.atEnd()) this.fail('the filter ended early');
    return this.fail(`unexpected '${ch}' in a filter`);
  }

  private readRegex(): FilterOperand {
    const start = this.pos;
    this.pos++;
    let pattern = '';
    while (!this.atEnd() && this.peek() !== '/') {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) {
        pattern += this.text.slice(this.pos, this.pos + 2);
        this.pos += 2;
      } else {
        pattern += this.peek();
        this.pos++;
      }
    }
    if (this.atEnd()) this.fail('unterminated regular expression', start);
    this.pos++;
    const flags = /^[a-z]*/.exec(this.text.slice(this.pos))?.[0] ?? '';
    this.pos += flags.length;
    return { kind: 'regex', pattern, flags };
  }

  private readArrayLiteral(): JsonValue[] {
    const start = this.pos;
    this.pos++;
    const values: JsonValue[] = [];
    this.skipSpaces();
    if (this.peek() === ']') {
      this.pos++;
      return values;
    }
    for (;;) {
      const operand = this.readOperand();
      if (operand.kind !== 'literal') this.fail('an array in a filter may only hold literals', start);
      values.push(operand.value);
      this.skipSpaces();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return values;
    }
  }
}
