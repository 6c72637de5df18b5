import type { ZodType, z } from 'zod';
import type { QueryLanguage } from '../model/query-language.js';
import type { StateGraph, StateMachineDefinition } from '../model/states.js';
import { serializeDefinition } from '../serialize/serialize-definition.js';
import { AslDslError } from './errors.js';
import { checkGraphFlow, type FlowGraph } from './flow/check-flow.js';
import type { JsonataKind } from './flow/jsonata-shape.js';
import { NUMBER, objectShape, type Shape, STRING, UNKNOWN } from './flow/shape.js';
import { shapeOfSchema } from './flow/zod-shape.js';
import { GraphBuilder } from './graph.js';
import type { ContextObject } from './refs/context-object.js';
import type { Placeholder } from './resources.js';
import type { BuilderEnv } from './scope.js';
import { checkVariableName } from './state-names.js';
import type { MachineRenderContext } from './states/render-context.js';

/**
 * Options of a state machine.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
 */
export interface StateMachineOptions<
  I extends ZodType,
  V extends Record<string, ZodType>,
  K extends string,
  Q extends QueryLanguage = QueryLanguage,
> {
  /** zod schema of the execution input; types `input` in the first states and `ctx.Execution.Input`. */
  readonly input?: I;
  /**
   * Workflow variables with their types; `vars.<name>` references them and `assign` sets them.
   * @default no variables
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
   */
  readonly variables?: V;
  /**
   * Keys of `${Name}` DefinitionSubstitutions placeholders the definition may use (e.g. function ARNs
   * filled in by CloudFormation). `machine.placeholder('Name')` only accepts these keys.
   * @default none
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-definitionsubstitutions
   */
  readonly substitutions?: readonly K[];
  /**
   * The query language of every state unless a state overrides it (JSONPath machines may hold
   * JSONata states, not the reverse).
   * @default "JSONPath"
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
   */
  readonly queryLanguage?: Q;
  /** A description of the machine. @see https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html */
  readonly comment?: string;
  /** Maximum execution time in seconds; past it the execution fails with `States.Timeout`. @default none */
  readonly timeoutSeconds?: number;
  /** The ASL version. @default "1.0" */
  readonly version?: string;
}

/** The builder environment of a machine with input `I`, variables `V` and substitution keys `K`. */
export interface MachineEnv<
  In,
  V extends Record<string, ZodType>,
  K extends string,
  Q extends QueryLanguage = 'JSONPath',
> extends BuilderEnv {
  readonly queryLanguage: Q;
  readonly vars: { [N in keyof V]: z.output<V[N]> };
  readonly context: ContextObject<In>;
  readonly substitutions: K;
}

/**
 * A state machine under construction. Declare states with `task`, `pass`, `choice`, `wait`,
 * `succeed`, `fail`, `parallel` and `map`; then `toModel()` gives the plain ASL model and `toAsl()`
 * the JSON text.
 */
export class StateMachineBuilder<In, Env extends BuilderEnv> extends GraphBuilder<In, Env> {
  readonly #options: StateMachineOptions<ZodType, Record<string, ZodType>, string>;
  readonly #variables: ReadonlySet<string>;
  readonly #substitutions: ReadonlySet<string>;

  constructor(options: StateMachineOptions<ZodType, Record<string, ZodType>, string>) {
    super();
    this.#options = options;
    const variables = Object.keys(options.variables ?? {});
    for (const name of variables) checkVariableName(name);
    this.#variables = new Set(variables);
    this.#substitutions = new Set(options.substitutions ?? []);
    if (
      options.timeoutSeconds !== undefined &&
      !(Number.isInteger(options.timeoutSeconds) && options.timeoutSeconds >= 1)
    ) {
      throw new AslDslError(
        'InvalidFieldValue',
        `TimeoutSeconds must be a positive integer, got ${options.timeoutSeconds}`,
        {
          pointer: '/TimeoutSeconds',
        },
      );
    }
  }

  /** The zod schema of the execution input, when declared (for engines and test harnesses). */
  get inputSchema(): ZodType<In> | undefined {
    return this.#options.input as ZodType<In> | undefined;
  }

  /** The declared variable schemas. */
  get variableSchemas(): Readonly<Record<string, ZodType>> {
    return this.#options.variables ?? {};
  }

  /** The declared DefinitionSubstitutions keys, in declaration order. */
  get substitutionKeys(): readonly Env['substitutions'][] {
    return [...this.#substitutions] as Env['substitutions'][];
  }

  /**
   * A `${Name}` placeholder of a declared substitution key, for `resource` and other strings.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cfn-sam.html
   */
  placeholder<K extends Env['substitutions']>(key: K): Placeholder<K> {
    if (!this.#substitutions.has(key)) {
      throw new AslDslError('UndeclaredSubstitution', `'${key}' is not a declared substitution key`);
    }
    return `\${${key}}` as Placeholder<K>;
  }

  /**
   * Renders the plain ASL model. Throws `AslDslError` on misuse (dangling or foreign transitions,
   * duplicate or invalid names, unreachable states, fields of the wrong query language...).
   */
  toModel(): StateMachineDefinition {
    const queryLanguage = this.#options.queryLanguage ?? 'JSONPath';
    const machine: MachineRenderContext = {
      queryLanguage,
      substitutions: this.#substitutions,
      variables: this.#variables,
      seenNames: new Map(),
      variableScope: { reads: [], assigned: new Set() },
      jsonataClaims: new Map(),
    };
    const graph = this.renderGraph(machine, { pointer: '' });
    this.#checkDataFlow(graph, queryLanguage, machine.jsonataClaims);
    const { comment, timeoutSeconds, version } = this.#options;
    return {
      ...(comment === undefined ? {} : { Comment: comment }),
      ...(this.#options.queryLanguage === undefined ? {} : { QueryLanguage: queryLanguage }),
      StartAt: graph.StartAt,
      // Canonical key order (see serialize/definition-shape.ts): States last.
      ...(timeoutSeconds === undefined ? {} : { TimeoutSeconds: timeoutSeconds }),
      ...(version === undefined ? {} : { Version: version }),
      States: graph.States,
    };
  }

  /**
   * Checks every transition against the input its target declares or reads (see
   * `flow/check-flow.ts`); skipped when no schema types anything (all data is then unknown).
   */
  #checkDataFlow(
    graph: StateGraph,
    queryLanguage: QueryLanguage,
    jsonataClaims: ReadonlyMap<string, JsonataKind>,
  ): void {
    const variables = new Map(
      Object.entries(this.#options.variables ?? {}).map(([name, schema]) => [name, shapeOfSchema(schema)]),
    );
    if (this.#options.input === undefined && variables.size === 0 && !declaresTypes(this)) return;
    const input = shapeOfSchema(this.#options.input);
    checkGraphFlow(
      this,
      graph,
      input,
      { pointer: '', describe: 'the execution input' },
      {
        queryLanguage,
        context: contextShape(input),
        variables,
        jsonataClaims,
      },
    );
  }

  /** The definition as ASL JSON text: deterministic, canonical key order (see `serializeDefinition`). */
  toAsl(): string {
    return serializeDefinition(this.toModel());
  }
}

/**
 * Starts a state machine. The input schema types every reference into the data:
 * ```ts
 * const machine = stateMachine({ input: z.object({ accounts: z.array(z.object({ id: z.string() })) }) });
 * machine.pass('First', { parameters: ({ input }) => ({ id: input.accounts[0].id }), end: true });
 * ```
 */
export function stateMachine<
  I extends ZodType = ZodType<unknown>,
  V extends Record<string, ZodType> = Record<never, never>,
  const K extends string = never,
  const Q extends QueryLanguage = 'JSONPath',
>(
  options: StateMachineOptions<I, V, K, Q> = {},
): StateMachineBuilder<z.output<I>, MachineEnv<z.output<I>, V, K, Q>> {
  return new StateMachineBuilder(options as StateMachineOptions<ZodType, Record<string, ZodType>, string>);
}

/** True when some state of the graph or its sub-graphs has a schema (an outputSchema, stateInput, itemSchema). */
function declaresTypes(graph: FlowGraph): boolean {
  return graph
    .flowStates()
    .some(
      (state) =>
        state.flow.stateInput !== undefined ||
        state.flow.itemSchema !== undefined ||
        ('outputSchema' in state.handle && state.handle.outputSchema !== undefined) ||
        state.children.some(declaresTypes),
    );
}

/** The context object's shape: the fields AWS documents, the execution input as declared. */
function contextShape(input: Shape): Shape {
  const open = (shape: Shape): Shape => (shape.kind === 'object' ? { ...shape, rest: UNKNOWN } : shape);
  return open(
    objectShape({
      Execution: open(
        objectShape({ Id: STRING, Input: input, Name: STRING, RoleArn: STRING, StartTime: STRING }),
      ),
      State: open(objectShape({ EnteredTime: STRING, Name: STRING, RetryCount: NUMBER })),
      StateMachine: open(objectShape({ Id: STRING, Name: STRING })),
      Task: open(objectShape({ Token: STRING })),
      Map: open(objectShape({ Item: open(objectShape({ Index: NUMBER, Value: UNKNOWN })) })),
    }),
  );
}
