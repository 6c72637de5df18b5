import type { ZodType } from 'zod';
import type { JsonObject } from '../../model/json.js';
import type { ItemProcessor, MapState } from '../../model/states.js';
import { AslDslError, joinPointer } from '../errors.js';
import type {
  AfterResultPath,
  CheckedName,
  CheckedNext,
  FlowCheck,
  MapResult,
  Selected,
  StateInput,
  Typing,
} from '../flow-types.js';
import type { GraphBuilder } from '../graph.js';
import { isJsonataExpression, type JsonataExpression } from '../jsonata.js';
import type { ContextObject } from '../refs/context-object.js';
import { PointerAt } from '../refs/field-env.js';
import type { PathProxy } from '../refs/path-ref.js';
import { isPathRef, type PathRef } from '../refs/path-ref.js';
import type { ResolvedOr } from '../resolved.js';
import { type CatchOptions, type RetryOptions, renderErrorHandling } from '../retry-catch.js';
import type { BuilderEnv, Computed, ResultScope, StateScope, VariableRefs } from '../scope.js';
import { compute } from '../scope.js';
import type { Target } from '../state-handle.js';
import { checkLabel } from '../state-names.js';
import { type LooseTemplate, renderJsonataValue, renderJsonPathPayload } from '../template.js';
import {
  type ItemBatcherOptions,
  type ItemReaderOptions,
  type ResultWriterOptions,
  renderItemBatcher,
  renderItemReader,
  renderResultWriter,
} from './distributed-map.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { stateQueryLanguage } from './option-keys.js';
import type { ResultHandleOf, ResultOutput } from './parallel.js';
import type { RenderableGraph, StateRenderContext, VariableScope } from './render-context.js';
import {
  type CommonOptions,
  checkRange,
  type DynamicNumber,
  type DynamicNumberOption,
  dynamicField,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
  type PathChoice,
  type PathOption,
  pathField,
  put,
  type QueryLanguageOption,
  type StateEnv,
  type TransitionOptions,
  transitionFields,
} from './state-fields.js';
import type { AssignOption, FlowOptions } from './task.js';

/** The context object inside a Map's ItemSelector, with `Map.Item.Value` typed as the item. */
export type MapContext<Ctx, Item> = Omit<Ctx, 'Map'> & {
  Map: Omit<ContextObject<unknown, Item>['Map'], never>;
};

/** What an ItemSelector callback sees: the Map's input, variables, and the context with the item. */
export interface ItemSelectorScope<S, Item, Env extends BuilderEnv> {
  /** The Map state's input (not the item: the item is `ctx.Map.Item.Value`). */
  readonly input: PathProxy<S>;
  readonly vars: VariableRefs<Env['vars']>;
  /** The context object; `ctx.Map.Item.Value` is the current item, `ctx.Map.Item.Index` its index. */
  readonly ctx: PathProxy<MapContext<Env['context'], Item>>;
}

/**
 * Options of a Map state, without its item processor (given as a graph callback to `map()`).
 * Inline by default; `mode: 'DISTRIBUTED'` enables ItemReader, ItemBatcher, ResultWriter, Label and
 * the tolerated-failure thresholds. `S` is the state input (callbacks see the effective input `IP`
 * selects), `Sel` the ItemSelector's output, `RS` the ResultSelector's, `Res` the Map's result.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 */
export interface MapBaseOptions<
  S,
  Item,
  E extends string,
  Sel,
  RP,
  Env extends BuilderEnv,
  RS = LooseTemplate,
  O = LooseTemplate,
  IP = undefined,
  OP = undefined,
  NX = Target,
  END = true,
  C = readonly CatchOptions<E, S, Env>[],
  Res = unknown[],
  RW = ResultWriterOptions<Selected<S, IP>, Env>,
> extends CommonOptions,
    TransitionOptions<NX, END> {
  /** The item type, when items come from an ItemReader or an untyped source. */
  readonly itemSchema?: ZodType<Item>;
  /** Error names the item processor can raise, for Retry and Catch. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html */
  readonly errors?: readonly E[];
  /**
   * How items are processed: `INLINE` (up to 40 concurrent iterations in the parent's history) or
   * `DISTRIBUTED` (child executions).
   * @default "INLINE"
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
   */
  readonly mode?: 'INLINE' | 'DISTRIBUTED';
  /** Distributed mode: the child executions' type. @default "STANDARD" @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html */
  readonly executionType?: 'STANDARD' | 'EXPRESS';
  /** JSONPath: the array to iterate, as a typed reference. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html */
  readonly itemsPath?: JsonPathOnly<
    Env,
    ((scope: StateScope<Selected<S, IP>, Env>) => PathRef<readonly Item[] | undefined>) | `$${string}`
  >;
  /** JSONata: the array to iterate (a reference, a JSONata expression or a literal array). @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html */
  readonly items?: JsonataOnly<
    Env,
    | ((
        scope: StateScope<S, Env>,
      ) => PathRef<readonly Item[] | undefined> | JsonataExpression<readonly Item[]>)
    | readonly Item[]
  >;
  /**
   * Reshapes each item before the processor sees it; `ctx.Map.Item.Value` is the item.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemselector.html
   */
  readonly itemSelector?: (scope: ItemSelectorScope<Selected<S, IP>, Item, Env>) => Sel;
  /**
   * Concurrent iterations; 0 means as many as possible. A literal, a reference, or a callback over the
   * (effective) input: `({ input }) => input.limit` (→ `MaxConcurrencyPath`).
   * @default 0
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
   */
  readonly maxConcurrency?: DynamicNumberOption<StateScope<Selected<S, IP>, Env>>;
  /** Distributed: where items are read from. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html */
  readonly itemReader?: ItemReaderOptions<Selected<S, IP>, Env>;
  /** Distributed: batch items per child execution. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html */
  readonly itemBatcher?: ItemBatcherOptions<Selected<S, IP>, Env>;
  /**
   * Distributed: write results to S3. With a `resource` the Map's result is the export's details
   * (`MapRunArn`, `ResultWriterDetails`), not the results.
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
   */
  readonly resultWriter?: RW;
  /** Distributed: failed items tolerated before `States.ExceedToleratedFailureThreshold` (literal, reference or callback). @default 0 @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html */
  readonly toleratedFailureCount?: DynamicNumberOption<StateScope<Selected<S, IP>, Env>>;
  /** Distributed: failed-item percentage tolerated, 0–100 (literal, reference or callback). @default 0 @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html */
  readonly toleratedFailurePercentage?: DynamicNumberOption<StateScope<Selected<S, IP>, Env>>;
  /** Distributed: a name for the Map Run (≤ 40 characters, unique in the machine). @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html */
  readonly label?: string;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: reshapes the Map's result. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-resultselector */
  readonly resultSelector?: JsonPathOnly<Env, (scope: ResultScope<S, Res, Env>) => RS>;
  /** JSONPath: where the result goes; `null` keeps the input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html */
  readonly resultPath?: JsonPathOnly<Env, RP>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathChoice<AfterResultPath<S, ResolvedOr<RS, Res>, RP>, OP>>;
  /** JSONata: the state output. @default the Map's result @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: ResultScope<S, Res, Env>) => O)>;
  /** Variables to assign when the Map succeeds. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<ResultScope<S, ResolvedOr<RS, Res>, Env>, Env>;
  /** Retry policies. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error */
  readonly retry?: readonly RetryOptions<NoInfer<E>>[];
  /** Fallbacks. @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-fallback-states */
  readonly catch?: C;
}

/** Map options as the render sees them (no output types: resolving a loose template would recurse). */
type MapOptionsToRender = MapBaseOptions<
  unknown,
  unknown,
  string,
  unknown,
  unknown,
  BuilderEnv,
  never,
  never
>;

/** The input of each iteration: the ItemSelector's output, else the item. */
export type ProcessorInput<Sel, Item> = ResolvedOr<Sel, Item>;

/** The options `map()` takes (see `TaskDeclaration`); `PR` is what the processor callback returns. */
export type MapDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  Item,
  E extends string,
  Sel,
  RS,
  RP,
  SQ,
  O,
  IP,
  OP,
  NX,
  END,
  C,
  PR,
  RW,
> = MapBaseOptions<
  StateInput<A, SI, N, In>,
  Item,
  E,
  Sel,
  RP,
  StateEnv<Env, NoInfer<SQ>>,
  RS,
  O,
  IP,
  OP,
  NX,
  END,
  C,
  // Callbacks see the result untyped: the processor that types it is inferred after they are typed.
  unknown,
  RW
> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ> & {
    /**
     * Declares the item processor's states. Returning the handle(s) of its terminal states types each
     * iteration's output, hence the Map's result.
     */
    readonly processor: (items: GraphBuilder<ProcessorInput<Sel, Item>, Env>) => PR;
  };

/** `map()`'s name argument, carrying the flow checks (`K`: the option keys given). */
export type MapName<In, N extends string, A, SI, RS, RP, O, OP, NX, PR, RW, K> = CheckedName<
  N,
  FlowCheck<
    A,
    N,
    SI,
    CheckedNext<
      NX,
      | Typing<K, 'processor', PR, void>
      | Typing<K, 'resultSelector', RS>
      | Typing<K, 'output', O>
      | Typing<K, 'outputPath', OP, undefined>
    >,
    ResultOutput<StateInput<A, SI, N, In>, MapResult<PR, RW>, RS, RP, O, OP>
  >
>;

/** The handle `map()` returns. */
export type MapHandleFor<In, N extends string, A, SI, RS, RP, O, OP, NX, END, C, PR, RW> = ResultHandleOf<
  StateInput<A, SI, N, In>,
  ResultOutput<StateInput<A, SI, N, In>, MapResult<PR, RW>, RS, RP, O, OP>,
  N,
  NX,
  END,
  C
>;

const DISTRIBUTED_ONLY = {
  itemReader: 'ItemReader',
  itemBatcher: 'ItemBatcher',
  resultWriter: 'ResultWriter',
  toleratedFailureCount: 'ToleratedFailureCount',
  toleratedFailurePercentage: 'ToleratedFailurePercentage',
  label: 'Label',
  executionType: 'ProcessorConfig/ExecutionType',
} as const;

/** `DISTRIBUTED_ONLY` as entries, made once rather than per Map state. */
const DISTRIBUTED_ONLY_ENTRIES = Object.entries(DISTRIBUTED_ONLY);

/** Renders a Map state to the model. */
export function renderMap(
  options: MapOptionsToRender,
  processor: RenderableGraph,
  rc: StateRenderContext,
): MapState {
  const ql = stateQueryLanguage(options, 'Map', rc);
  // Callbacks over the input become references first.
  const maxConcurrency = compute(options.maxConcurrency) as DynamicNumber | undefined;
  const toleratedFailureCount = compute(options.toleratedFailureCount) as DynamicNumber | undefined;
  const toleratedFailurePercentage = compute(options.toleratedFailurePercentage) as DynamicNumber | undefined;
  const distributed = options.mode === 'DISTRIBUTED';
  if (!distributed) {
    for (const [option, field] of DISTRIBUTED_ONLY_ENTRIES) {
      if ((options as Record<string, unknown>)[option] !== undefined) {
        throw new AslDslError('DistributedOnlyField', `${field} needs mode: 'DISTRIBUTED'`, {
          stateName: rc.name,
          pointer: joinPointer(rc.pointer, ...field.split('/')),
        });
      }
    }
  }
  if (options.label !== undefined) {
    checkLabel(options.label, rc.machine, rc.name, joinPointer(rc.pointer, 'Label'));
  }
  const maxConcurrencyEnv = maxConcurrency === undefined ? undefined : envFor(rc, ql, 'MaxConcurrency');
  if (maxConcurrencyEnv !== undefined) checkRange(maxConcurrency, 0, 100_000_000, maxConcurrencyEnv);
  const countEnv = toleratedFailureCount === undefined ? undefined : envFor(rc, ql, 'ToleratedFailureCount');
  if (countEnv !== undefined) checkRange(toleratedFailureCount, 0, 100_000_000, countEnv);
  const percentageEnv =
    toleratedFailurePercentage === undefined ? undefined : envFor(rc, ql, 'ToleratedFailurePercentage');
  if (percentageEnv !== undefined) checkRange(toleratedFailurePercentage, 0, 100, percentageEnv, false);

  const graph = distributed
    ? renderChildWorkflow(processor, rc)
    : processor.renderGraph(rc.machine, new PointerAt(rc, 'ItemProcessor'));
  // ProcessorConfig before StartAt: the canonical key order.
  const itemProcessor: ItemProcessor =
    options.mode === undefined
      ? { StartAt: graph.StartAt, States: graph.States }
      : {
          ProcessorConfig: distributed
            ? { Mode: 'DISTRIBUTED', ExecutionType: options.executionType ?? 'STANDARD' }
            : { Mode: 'INLINE' },
          StartAt: graph.StartAt,
          States: graph.States,
        };
  // Fields are inserted in the serializer's canonical order (ItemProcessor after the item fields and
  // Label) so `serializeDefinition` can write the object as is instead of copying it.
  const state = { Type: 'Map' } as MapState;
  put(state, 'Comment', options.comment);
  put(state, 'QueryLanguage', options.queryLanguage);
  renderInputFields(state, options, rc, ql);
  if (options.itemsPath !== undefined) {
    const itemsPath = pathField(options.itemsPath as PathOption<unknown>, envFor(rc, ql, 'ItemsPath'));
    if (itemsPath !== null) state.ItemsPath = itemsPath;
  }
  if (options.items !== undefined) state.Items = renderItems(options.items, rc, ql);
  if (options.itemReader !== undefined) state.ItemReader = renderItemReader(options.itemReader, ql, rc);
  if (options.itemSelector !== undefined) {
    const selector = compute(options.itemSelector as Computed<never, unknown>);
    const env = envFor(rc, ql, 'ItemSelector');
    state.ItemSelector = (
      ql === 'JSONata' ? renderJsonataValue(selector, env) : renderJsonPathPayload(selector, env)
    ) as JsonObject;
  }
  if (options.itemBatcher !== undefined) state.ItemBatcher = renderItemBatcher(options.itemBatcher, ql, rc);
  if (maxConcurrencyEnv !== undefined) {
    Object.assign(state, dynamicField('MaxConcurrency', maxConcurrency, maxConcurrencyEnv));
  }
  if (countEnv !== undefined) {
    Object.assign(state, dynamicField('ToleratedFailureCount', toleratedFailureCount, countEnv));
  }
  if (percentageEnv !== undefined) {
    Object.assign(
      state,
      dynamicField('ToleratedFailurePercentage', toleratedFailurePercentage, percentageEnv),
    );
  }
  put(state, 'Label', options.label);
  state.ItemProcessor = itemProcessor;
  if (options.resultWriter !== undefined)
    state.ResultWriter = renderResultWriter(options.resultWriter, ql, rc);
  renderResultFields(state, options, rc, ql, true);
  renderErrorHandling(state, options, rc, ql);
  Object.assign(state, transitionFields(options, rc));
  return state;
}

/**
 * Renders a Distributed Map's item processor as the child workflow it is: its states cannot read the
 * parent's variables, only those the child itself assigns.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
function renderChildWorkflow(processor: RenderableGraph, rc: StateRenderContext) {
  const scope: VariableScope = { reads: [], assigned: new Set() };
  const graph = processor.renderGraph(
    { ...rc.machine, variableScope: scope },
    new PointerAt(rc, 'ItemProcessor'),
  );
  const outside = scope.reads.find((read) => !scope.assigned.has(read.name));
  if (outside !== undefined) {
    throw new AslDslError(
      'InvalidVariable',
      `$${outside.name} is a variable of the parent workflow; a Distributed Map's child workflow cannot read it (pass it in through itemSelector or itemBatcher.batchInput)`,
      { stateName: outside.stateName, pointer: outside.pointer },
    );
  }
  return graph;
}

function renderItems(
  items: NonNullable<MapOptionsToRender['items']>,
  rc: StateRenderContext,
  ql: 'JSONPath' | 'JSONata',
) {
  const env = envFor(rc, ql, 'Items');
  const value = compute(items as Computed<never, unknown>);
  if (!Array.isArray(value) && !isPathRef(value) && !isJsonataExpression(value)) {
    throw new AslDslError(
      'InvalidFieldValue',
      'Items must be an array, a reference or a JSONata expression',
      {
        stateName: rc.name,
        pointer: env.pointer,
      },
    );
  }
  return renderJsonataValue(value, env);
}
