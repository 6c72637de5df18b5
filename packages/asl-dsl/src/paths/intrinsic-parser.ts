import type { IntrinsicArgument, IntrinsicCall } from './intrinsic-ast.js';
import { IntrinsicSyntaxError } from './intrinsic-syntax-error.js';
import { parseJsonPath } from './jsonpath-parser.js';
import { JsonPathSyntaxError } from './jsonpath-syntax-error.js';

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/;
/** Characters AWS lets a backslash escape inside an intrinsic string literal. */
const ESCAPABLE = new Set(["'", '{', '}', '\\']);

/**
 * Parses an intrinsic function expression (the value of a `"key.$"` field that is not a path), e.g.
 * `States.Format('arn:{}:s3:::{}', $.partition, States.UUID())`. Syntax only: use
 * {@link checkIntrinsicCall} for names, arity and literal argument kinds.
 * @throws {IntrinsicSyntaxError} naming the character where the expression stops making sense.
 */
export function parseIntrinsic(expression: string): IntrinsicCall {
  const reader = new IntrinsicReader(expression);
  reader.skipSpaces();
  const call = reader.readCall();
  reader.skipSpaces();
  if (!reader.atEnd()) reader.fail('unexpected text after the closing )');
  return call;
}

class IntrinsicReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(reason: string, at: number = this.pos): never {
    throw new IntrinsicSyntaxError(this.text, at, reason);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  readCall(): IntrinsicCall {
    const offset = this.pos;
    const match = FUNCTION_NAME.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a function name such as States.Format');
    this.pos += match[0].length;
    this.skipSpaces();
    if (this.text.charAt(this.pos) !== '(') this.fail(`expected '(' after ${match[0]}`);
    this.pos++;
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text.charAt(this.pos) === ')') {
      this.pos++;
      return { kind: 'call', name: match[0], arguments: args, offset };
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.readArgument());
      this.skipSpaces();
      const ch = this.text.charAt(this.pos);
      if (ch === ',') {
        this.pos++;
        continue;
      }
      if (ch === ')') {
        this.pos++;
        return { kind: 'call', name: match[0], arguments: args, offset };
      }
      this.fail(this.atEnd() ? `missing ')' to close ${match[0]}(` : `expected ',' or ')' but found '${ch}'`);
    }
  }

  private readArgument(): IntrinsicArgument {
    const ch = this.text.charAt(this.pos);
    if (ch === "'") return this.readString();
    if (ch === '$') return this.readPath();
    const rest = this.text.slice(this.pos);
    const number = NUMBER.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    const word = /^(true|false|null)(?![A-Za-z0-9_.(])/.exec(rest);
    if (word) {
      this.pos += word[0].length;
      if (word[0] === 'null') return { kind: 'null' };
      return { kind: 'boolean', value: word[0] === 'true' };
    }
    if (FUNCTION_NAME.test(rest)) return this.readCall();
    if (this.atEnd()) this.fail('expected an argument but the expression ended');
    if (ch === '"') this.fail('string arguments use single quotes');
    return this.fail(`unexpected '${ch}'`);
  }

  private readString(): IntrinsicArgument {
    const start = this.pos;
    this.pos++;
    let value = '';
    const rawStart = this.pos;
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string', start);
      const ch = this.text.charAt(this.pos);
      if (ch === "'") break;
      if (ch === '\\') {
        const next = this.text.charAt(this.pos + 1);
        // AWS reserves ' { } and \ in intrinsic strings: a backslash escapes one of them and
        // nothing else (a literal backslash is written \\), so `\"` is refused.
        if (next === '') this.fail('unterminated string', start);
        if (!ESCAPABLE.has(next)) {
          this.fail(
            `'\\${next}' is not an escape: a backslash escapes only ', {, } or \\ (write \\\\ for a backslash)`,
          );
        }
        value += next;
        this.pos += 2;
        continue;
      }
      value += ch;
      this.pos++;
    }
    const raw = this.text.slice(rawStart, this.pos);
    this.pos++;
    return { kind: 'string', value, raw };
  }

  /** A path runs to the next `,` or `)` outside brackets, parentheses and quotes. */
  private readPath(): IntrinsicArgument {
    const start = this.pos;
    let depth = 0;
    let quote = '';
    while (!this.atEnd()) {
      const ch = this.text.charAt(this.pos);
      if (quote) {
        if (ch === '\\') this.pos++;
        else if (ch === quote) quote = '';
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '[' || ch === '(') depth++;
      else if ((ch === ']' || ch === ')') && depth > 0) depth--;
      else if ((ch === ',' || ch === ')') && depth === 0) break;
      this.pos++;
    }
    const source = this.text.slice(start, this.pos).trimEnd();
    try {
      return { kind: 'path', path: parseJsonPath(source) };
    } catch (error) {
      if (error instanceof JsonPathSyntaxError) this.fail(error.reason, start + error.offset);
      throw error;
    }
  }
}
