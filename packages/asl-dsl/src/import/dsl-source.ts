import type { ChoiceExpression, ChoiceRule } from '../model/choice-rule.js';
import type { Catcher, Retrier } from '../model/error-handling.js';
import type {
  JsonValue,
  MapState,
  ParallelState,
  State,
  StateGraph,
  StateMachineDefinition,
  TaskState,
} from '../model/index.js';
import { parseJsonPath } from '../paths/jsonpath-parser.js';
import { isReferencePathAst } from '../paths/reference-path.js';

/**
 * Writes TypeScript source that rebuilds a definition with the fluent builder (`stateMachine(...)`,
 * `machine.task(...)`, `cond.*`, `jsonata```), for `asl-dsl import`. Paths, payload templates and
 * JSONata strings are kept as the builder's raw escape hatches, so the output reproduces the input
 * exactly. Throws {@link NotExpressibleError} for what the builder cannot express (the caller then
 * falls back to a typed definition literal).
 */
export function toBuilderSource(model: StateMachineDefinition): string {
  const writer = new SourceWriter();
  return writer.machine(model);
}

/**
 * TypeScript source that exports the definition itself, typed as the model: the form `asl-dsl
 * compile` accepts when the builder cannot express a definition.
 */
export function toDefinitionSource(model: StateMachineDefinition, reason: string): string {
  return [
    `// asl-dsl import: written as a typed definition because ${reason}.`,
    "import type { StateMachineDefinition } from '@stackset-lite/asl-dsl';",
    '',
    `const definition: StateMachineDefinition = ${JSON.stringify(model, null, 2)};`,
    '',
    'export default definition;',
    '',
  ].join('\n');
}

/** Part of a definition the builder has no way to express. */
export class NotExpressibleError extends Error {
  override readonly name = 'NotExpressibleError';
}

/** The builder renders Parameters from an object; AWS also takes any other JSON value there. */
function objectParameters<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NotExpressibleError('Parameters that are not an object');
  }
  return value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const PLACEHOLDER = /\$\{([^}]+)\}/g;

const literal = (value: unknown): string => JSON.stringify(value);
const key = (name: string): string => (IDENTIFIER.test(name) ? name : literal(name));
const isJsonata = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');

/** A `jsonata` tagged template (`jsonata.<kind>` where the field needs one) with the body of a `{% %}` string. */
function jsonataTag(expression: string, kind?: 'array'): string {
  // The builder writes `{% body %}` with one space each side; other spacing cannot round-trip.
  const match = /^\{% (\S[\s\S]*\S|\S) %\}$/.exec(expression);
  if (!match) throw new NotExpressibleError(`the spacing of '${expression}'`);
  const body = match[1] as string;
  return `jsonata${kind === undefined ? '' : `.${kind}`}\`${body.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${')}\``;
}

/** A typed reference expression for a `$`-rooted reference path: `ref<unknown>()((i) => i.a[0])`. */
function refExpression(path: string, type: string): string {
  let ast: ReturnType<typeof parseJsonPath>;
  try {
    ast = parseJsonPath(path);
  } catch {
    throw new NotExpressibleError(`'${path}' as a typed reference`);
  }
  if (ast.root.kind !== 'input' || !isReferencePathAst(ast)) {
    throw new NotExpressibleError(`'${path}' is not a $-rooted reference path`);
  }
  let body = 'i';
  for (const segment of ast.segments) {
    const selector = segment.selector;
    // `!`: an untyped proxy's fields are index-signature reads, `| undefined` under noUncheckedIndexedAccess.
    if (selector.kind === 'name') {
      body += IDENTIFIER.test(selector.name) ? `.${selector.name}!` : `[${literal(selector.name)}]!`;
    } else if (selector.kind === 'index' && selector.index >= 0) body += `[${selector.index}]!`;
    else throw new NotExpressibleError(`'${path}' has a negative index`);
  }
  return `castRef<${type}>(ref<unknown>()((i) => ${body}))`;
}

/** Writes one `option: expression` member of an options object literal. */
type AddOption = (option: string, expression: string) => void;

/** An AddOption that collects `option: expression` members into `members` (a nested options object). */
const member =
  (members: string[]): AddOption =>
  (option, expression) =>
    members.push(`${option}: ${expression}`);

class SourceWriter {
  private readonly imports = new Set<string>(['stateMachine']);
  private readonly variables = new Set<string>();
  private readonly substitutions = new Set<string>();
  private counter = 0;

  machine(model: StateMachineDefinition): string {
    this.collectStrings(model);
    const body: string[] = [];
    this.graph(model, 'machine', body, '');
    const options: string[] = [];
    if (model.Comment !== undefined) options.push(`comment: ${literal(model.Comment)}`);
    if (model.QueryLanguage !== undefined) options.push(`queryLanguage: ${literal(model.QueryLanguage)}`);
    if (model.TimeoutSeconds !== undefined) options.push(`timeoutSeconds: ${model.TimeoutSeconds}`);
    if (model.Version !== undefined) options.push(`version: ${literal(model.Version)}`);
    if (this.substitutions.size > 0) {
      options.push(`substitutions: [${[...this.substitutions].map(literal).join(', ')}]`);
    }
    if (this.variables.size > 0) {
      options.push(`variables: { ${[...this.variables].map((v) => `${key(v)}: z.unknown()`).join(', ')} }`);
    }
    const lines = [
      '// asl-dsl import: rebuilds the definition with the fluent builder.',
      `import { ${[...this.imports].sort().join(', ')} } from '@stackset-lite/asl-dsl';`,
      ...(this.variables.size > 0 ? ["import { z } from 'zod';"] : []),
      '',
      `const machine = stateMachine(${options.length > 0 ? `{\n  ${options.join(',\n  ')},\n}` : ''});`,
      '',
      ...body,
      '',
      'export default machine;',
      '',
    ];
    return lines.join('\n');
  }

  /** Finds `${Name}` placeholders (declared as substitutions) and assigned variables. */
  private collectStrings(value: unknown, parentKey = ''): void {
    if (typeof value === 'string') {
      for (const match of value.matchAll(PLACEHOLDER)) this.substitutions.add(match[1] as string);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) this.collectStrings(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (parentKey === 'Assign') this.variables.add(k.endsWith('.$') ? k.slice(0, -2) : k);
      this.collectStrings(v, k);
    }
  }

  private graph(graph: StateGraph, builder: string, out: string[], pad: string): void {
    if (graph !== undefined && 'Comment' in graph && builder !== 'machine' && graph.Comment !== undefined) {
      throw new NotExpressibleError('a branch or item processor Comment');
    }
    if (builder !== 'machine' && graph.QueryLanguage !== undefined) {
      throw new NotExpressibleError('a QueryLanguage on a branch or item processor');
    }
    const names = Object.keys(graph.States);
    if (names[0] !== graph.StartAt) out.push(`${pad}${builder}.startAt(${literal(graph.StartAt)});`);
    for (const name of names) this.state(name, graph.States[name] as State, builder, out, pad);
  }

  private state(name: string, state: State, builder: string, out: string[], pad: string): void {
    const o: string[] = [];
    const inner = `${pad}  `;
    const add = (field: string, expression: string) => o.push(`${inner}${field}: ${expression}`);
    if (state.Comment !== undefined) add('comment', literal(state.Comment));
    if (state.QueryLanguage !== undefined) add('queryLanguage', literal(state.QueryLanguage));
    const s = state as unknown as Record<string, unknown>;
    const plainFields: [string, string][] = [
      ['InputPath', 'inputPath'],
      ['OutputPath', 'outputPath'],
    ];
    for (const [field, option] of plainFields) if (s[field] !== undefined) add(option, literal(s[field]));
    let method: string = state.Type.toLowerCase();
    switch (state.Type) {
      case 'Task':
        this.task(state, add);
        break;
      case 'Pass':
        if (state.Result !== undefined) add('result', literal(state.Result));
        if (state.Parameters !== undefined) add('parameters', literal(objectParameters(state.Parameters)));
        if (state.ResultPath !== undefined) add('resultPath', literal(state.ResultPath));
        break;
      case 'Choice':
        add('choices', `[\n${state.Choices.map((r) => `${inner}  ${this.rule(r)}`).join(',\n')},\n${inner}]`);
        if (state.Default !== undefined) add('default', literal(state.Default));
        break;
      case 'Wait':
        this.numberOption(add, 'seconds', state.Seconds, state.SecondsPath);
        this.stringOption(add, 'timestamp', state.Timestamp, state.TimestampPath);
        break;
      case 'Succeed':
        break;
      case 'Fail':
        this.stringOption(add, 'error', state.Error, state.ErrorPath);
        this.stringOption(add, 'cause', state.Cause, state.CausePath);
        break;
      case 'Parallel':
        this.parallel(state, add, inner);
        break;
      case 'Map':
        this.map(state, add, inner);
        method = 'map';
        break;
    }
    if ('Output' in state && state.Output !== undefined) add('output', literal(state.Output));
    if ('Assign' in state && state.Assign !== undefined) add('assign', this.assign(state.Assign));
    if ('Retry' in state || 'Catch' in state) {
      // Error names other than States.* must be declared for Retry / Catch to type-check.
      const handlers = [
        ...(('Retry' in state && state.Retry) || []),
        ...(('Catch' in state && state.Catch) || []),
      ];
      const custom = [
        ...new Set(handlers.flatMap((h) => h.ErrorEquals).filter((e) => !e.startsWith('States.'))),
      ];
      if (custom.length > 0) add('errors', literal(custom));
    }
    if ('Retry' in state && state.Retry !== undefined) {
      add('retry', `[${state.Retry.map((r) => this.retrier(r)).join(', ')}]`);
    }
    if ('Catch' in state && state.Catch !== undefined) {
      add('catch', `[${state.Catch.map((c) => this.catcher(c)).join(', ')}]`);
    }
    if ('Next' in state && state.Next !== undefined) add('next', literal(state.Next));
    if ('End' in state && state.End === true) add('end', 'true');
    if ('End' in state && state.End === false) throw new NotExpressibleError('End: false');
    const options = o.length > 0 ? `, {\n${o.join(',\n')},\n${pad}}` : '';
    out.push(`${pad}${builder}.${method}(${literal(`${name}`)}${options});`);
  }

  private task(state: TaskState, add: AddOption): void {
    add('resource', literal(state.Resource));
    if (state.Parameters !== undefined) add('parameters', literal(objectParameters(state.Parameters)));
    if (state.Arguments !== undefined) add('arguments', literal(state.Arguments));
    if (state.ResultSelector !== undefined) add('resultSelector', `() => (${literal(state.ResultSelector)})`);
    if (state.ResultPath !== undefined) add('resultPath', literal(state.ResultPath));
    this.numberOption(add, 'timeoutSeconds', state.TimeoutSeconds, state.TimeoutSecondsPath);
    this.numberOption(add, 'heartbeatSeconds', state.HeartbeatSeconds, state.HeartbeatSecondsPath);
    if (state.Credentials !== undefined) {
      const keys = Object.keys(state.Credentials);
      const role = state.Credentials.RoleArn;
      if (keys.length !== 1 || typeof role !== 'string') {
        throw new NotExpressibleError('Credentials other than a literal RoleArn');
      }
      add('credentials', `{ roleArn: ${literal(role)} }`);
    }
  }

  private parallel(state: ParallelState, add: AddOption, inner: string): void {
    if (state.Parameters !== undefined) add('parameters', literal(objectParameters(state.Parameters)));
    if (state.Arguments !== undefined) add('arguments', literal(state.Arguments));
    if (state.ResultSelector !== undefined) add('resultSelector', `() => (${literal(state.ResultSelector)})`);
    if (state.ResultPath !== undefined) add('resultPath', literal(state.ResultPath));
    const branches = state.Branches.map((branch) => {
      const name = `branch${this.counter++}`;
      const lines: string[] = [];
      this.graph(branch, name, lines, `${inner}    `);
      return `${inner}  (${name}) => {\n${lines.join('\n')}\n${inner}  }`;
    });
    add('branches', `[\n${branches.join(',\n')},\n${inner}]`);
  }

  private map(state: MapState, add: AddOption, inner: string): void {
    if (state.Iterator !== undefined) throw new NotExpressibleError('the legacy Map Iterator field');
    if (state.Parameters !== undefined) throw new NotExpressibleError('the legacy Map Parameters field');
    const processor = state.ItemProcessor;
    if (processor === undefined) throw new NotExpressibleError('a Map without ItemProcessor');
    const config = processor.ProcessorConfig;
    if (config?.Mode !== undefined) add('mode', literal(config.Mode));
    if (config?.ExecutionType !== undefined) add('executionType', literal(config.ExecutionType));
    if (state.ItemsPath !== undefined) add('itemsPath', literal(state.ItemsPath));
    if (state.Items !== undefined)
      add(
        'items',
        isJsonata(state.Items) ? `() => ${this.jsonata(state.Items, 'array')}` : literal(state.Items),
      );
    if (state.ItemSelector !== undefined) add('itemSelector', `() => (${literal(state.ItemSelector)})`);
    this.numberOption(add, 'maxConcurrency', state.MaxConcurrency, state.MaxConcurrencyPath);
    this.numberOption(
      add,
      'toleratedFailureCount',
      state.ToleratedFailureCount,
      state.ToleratedFailureCountPath,
    );
    this.numberOption(
      add,
      'toleratedFailurePercentage',
      state.ToleratedFailurePercentage,
      state.ToleratedFailurePercentagePath,
    );
    if (state.Label !== undefined) add('label', literal(state.Label));
    if (state.ItemReader !== undefined) {
      const reader = state.ItemReader;
      const parts = [`resource: ${literal(reader.Resource)}`];
      if (reader.Parameters !== undefined) parts.push(`parameters: ${literal(reader.Parameters)}`);
      if (reader.Arguments !== undefined) parts.push(`arguments: ${literal(reader.Arguments)}`);
      if (reader.ReaderConfig !== undefined) {
        const c = reader.ReaderConfig;
        const config: string[] = [];
        if (c.InputType !== undefined) config.push(`inputType: ${literal(c.InputType)}`);
        if (c.CSVHeaderLocation !== undefined)
          config.push(`csvHeaderLocation: ${literal(c.CSVHeaderLocation)}`);
        if (c.CSVHeaders !== undefined) config.push(`csvHeaders: ${literal(c.CSVHeaders)}`);
        if (c.CSVDelimiter !== undefined) config.push(`csvDelimiter: ${literal(c.CSVDelimiter)}`);
        if (c.ManifestType !== undefined) config.push(`manifestType: ${literal(c.ManifestType)}`);
        this.numberOption(member(config), 'maxItems', c.MaxItems, c.MaxItemsPath);
        if (c.ItemsPointer !== undefined) config.push(`itemsPointer: ${literal(c.ItemsPointer)}`);
        parts.push(`readerConfig: { ${config.join(', ')} }`);
      }
      add('itemReader', `{ ${parts.join(', ')} }`);
    }
    if (state.ItemBatcher !== undefined) {
      const b = state.ItemBatcher;
      const parts: string[] = [];
      this.numberOption(member(parts), 'maxItemsPerBatch', b.MaxItemsPerBatch, b.MaxItemsPerBatchPath);
      this.numberOption(
        member(parts),
        'maxInputBytesPerBatch',
        b.MaxInputBytesPerBatch,
        b.MaxInputBytesPerBatchPath,
      );
      if (b.BatchInput !== undefined) parts.push(`batchInput: ${literal(b.BatchInput)}`);
      add('itemBatcher', `{ ${parts.join(', ')} }`);
    }
    if (state.ResultWriter !== undefined) {
      const w = state.ResultWriter;
      const parts: string[] = [];
      if (w.Resource !== undefined) parts.push(`resource: ${literal(w.Resource)}`);
      if (w.Parameters !== undefined) parts.push(`parameters: ${literal(w.Parameters)}`);
      if (w.Arguments !== undefined) parts.push(`arguments: ${literal(w.Arguments)}`);
      if (w.WriterConfig !== undefined) {
        const config: string[] = [];
        if (w.WriterConfig.OutputType !== undefined)
          config.push(`outputType: ${literal(w.WriterConfig.OutputType)}`);
        if (w.WriterConfig.Transformation !== undefined) {
          config.push(`transformation: ${literal(w.WriterConfig.Transformation)}`);
        }
        parts.push(`writerConfig: { ${config.join(', ')} }`);
      }
      add('resultWriter', `{ ${parts.join(', ')} }`);
    }
    if (state.ResultSelector !== undefined) add('resultSelector', `() => (${literal(state.ResultSelector)})`);
    if (state.ResultPath !== undefined) add('resultPath', literal(state.ResultPath));
    const name = `items${this.counter++}`;
    const lines: string[] = [];
    this.graph(processor, name, lines, `${inner}  `);
    add('processor', `(${name}) => {\n${lines.join('\n')}\n${inner}}`);
  }

  private ref(path: string, type: string): string {
    this.imports.add('ref');
    this.imports.add('castRef');
    return refExpression(path, type);
  }

  private jsonata(expression: string, kind?: 'array'): string {
    this.imports.add('jsonata');
    return jsonataTag(expression, kind);
  }

  /** A number option from its ASL field or the field's `…Path` form (a reference). */
  private numberOption(
    add: AddOption,
    option: string,
    value: number | string | undefined,
    path: string | undefined,
  ): void {
    if (value !== undefined) add(option, this.dynamicNumber(value));
    if (path !== undefined) add(option, this.ref(path, 'number'));
  }

  /** A string option from its ASL field or the field's `…Path` form (a reference). */
  private stringOption(
    add: AddOption,
    option: string,
    value: string | undefined,
    path: string | undefined,
  ): void {
    if (value !== undefined) add(option, literal(value));
    if (path !== undefined) add(option, this.ref(path, 'string'));
  }

  private dynamicNumber(value: number | string): string {
    if (typeof value === 'number') return String(value);
    if (isJsonata(value)) return this.jsonata(value);
    throw new NotExpressibleError(`the string '${value}' in a number field`);
  }

  private assign(assign: Record<string, JsonValue>): string {
    // JSONPath `.$` keys are raw paths the builder passes through; the cast keeps TypeScript's
    // declared-variable check out of the way for those keys only.
    const raw = Object.keys(assign).some((k) => k.endsWith('.$'));
    return raw ? `${literal(assign)} as never` : literal(assign);
  }

  private retrier(r: Retrier): string {
    const parts = [`errors: ${literal(r.ErrorEquals)}`];
    if (r.IntervalSeconds !== undefined) parts.push(`intervalSeconds: ${r.IntervalSeconds}`);
    if (r.MaxAttempts !== undefined) parts.push(`maxAttempts: ${r.MaxAttempts}`);
    if (r.BackoffRate !== undefined) parts.push(`backoffRate: ${r.BackoffRate}`);
    if (r.MaxDelaySeconds !== undefined) parts.push(`maxDelaySeconds: ${r.MaxDelaySeconds}`);
    if (r.JitterStrategy !== undefined) parts.push(`jitterStrategy: ${literal(r.JitterStrategy)}`);
    if (r.Comment !== undefined) parts.push(`comment: ${literal(r.Comment)}`);
    return `{ ${parts.join(', ')} }`;
  }

  private catcher(c: Catcher): string {
    const parts = [`errors: ${literal(c.ErrorEquals)}`, `next: ${literal(c.Next)}`];
    if (c.ResultPath !== undefined) parts.push(`resultPath: ${literal(c.ResultPath)}`);
    if (c.Output !== undefined) parts.push(`output: ${literal(c.Output)}`);
    if (c.Assign !== undefined) parts.push(`assign: ${this.assign(c.Assign)}`);
    if (c.Comment !== undefined) parts.push(`comment: ${literal(c.Comment)}`);
    return `{ ${parts.join(', ')} }`;
  }

  private rule(rule: ChoiceRule): string {
    const parts: string[] = [];
    if (rule.Condition !== undefined) parts.push(`condition: ${literal(rule.Condition)}`);
    else parts.push(`when: ${this.condition(rule)}`);
    parts.push(`next: ${literal(rule.Next)}`);
    if (rule.Assign !== undefined) parts.push(`assign: ${this.assign(rule.Assign)}`);
    if (rule.Output !== undefined) parts.push(`output: ${literal(rule.Output)}`);
    if (rule.Comment !== undefined) parts.push(`comment: ${literal(rule.Comment)}`);
    return `{ ${parts.join(', ')} }`;
  }

  private condition(expr: ChoiceExpression): string {
    this.imports.add('cond');
    if (expr.And) return `cond.and(${expr.And.map((e) => this.condition(e)).join(', ')})`;
    if (expr.Or) return `cond.or(${expr.Or.map((e) => this.condition(e)).join(', ')})`;
    if (expr.Not) return `cond.not(${this.condition(expr.Not)})`;
    const variable = expr.Variable;
    if (variable === undefined) throw new NotExpressibleError('a Choice rule without Variable');
    for (const [operator, value] of Object.entries(expr)) {
      if (operator === 'Variable' || operator === 'Next' || operator === 'Comment' || operator === 'Assign')
        continue;
      if (value === undefined) continue;
      if (operator.startsWith('String') && operator.endsWith('Path')) {
        // cond.string*() reads a string as a literal; a raw comparison keeps the …Path form.
        return `{ kind: 'comparison', operator: ${literal(operator)}, variable: ${literal(variable)}, value: ${literal(value)} }`;
      }
      const method = operator.replace(/Path$/, '');
      return `cond.${method.charAt(0).toLowerCase()}${method.slice(1)}(${literal(variable)}, ${literal(value)})`;
    }
    throw new NotExpressibleError('a Choice rule without a comparison');
  }
}
