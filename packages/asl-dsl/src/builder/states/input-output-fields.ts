import type { JsonObject, JsonValue } from '../../model/json.js';
import type { QueryLanguage } from '../../model/query-language.js';
import type { JsonPathIO, Outputs } from '../../model/states.js';
import { type Computed, compute } from '../scope.js';
import { renderJsonataValue, renderJsonPathPayload } from '../template.js';
import type { StateRenderContext } from './render-context.js';
import {
  assignField,
  envFor,
  outputField,
  type PathOption,
  pathField,
  resultPathField,
} from './state-fields.js';

/**
 * The input and output processing options of a state, as every state builder receives them. Which of
 * them a given state kind accepts, and in which query language, is checked by `stateQueryLanguage`
 * before these are rendered.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */
export interface InputOutputOptions {
  readonly inputPath?: PathOption<unknown>;
  readonly parameters?: unknown;
  readonly arguments?: unknown;
  readonly resultSelector?: unknown;
  readonly resultPath?: unknown;
  readonly outputPath?: PathOption<unknown>;
  readonly output?: unknown;
  readonly assign?: unknown;
}

/** The model fields those options render to (each state model has the subset its kind allows). */
export interface InputOutputFields extends JsonPathIO, Outputs {
  Parameters?: JsonValue;
  Arguments?: JsonValue;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
}

/** Renders what a state does to its input before its work: `InputPath`, `Parameters`, `Arguments`. */
export function renderInputFields(
  state: InputOutputFields,
  options: InputOutputOptions,
  rc: StateRenderContext,
  ql: QueryLanguage,
): void {
  if (options.inputPath !== undefined) {
    state.InputPath = pathField(options.inputPath, envFor(rc, ql, 'InputPath'));
  }
  if (options.parameters !== undefined) {
    state.Parameters = renderJsonPathPayload(
      compute(options.parameters as Computed<never, unknown>),
      envFor(rc, ql, 'Parameters'),
    );
  }
  if (options.arguments !== undefined) {
    state.Arguments = renderJsonataValue(
      compute(options.arguments as Computed<never, unknown>),
      envFor(rc, ql, 'Arguments'),
    );
  }
}

/**
 * Renders what a state does with its result and output: `ResultSelector`, `ResultPath`, `OutputPath`,
 * `Output` and `Assign`. `hasResult` says whether the state has a result for `Output` to read; a Pass
 * gives `Assign` its own answer (its Result/Parameters in JSONPath).
 */
export function renderResultFields(
  state: InputOutputFields,
  options: InputOutputOptions,
  rc: StateRenderContext,
  ql: QueryLanguage,
  hasResult: boolean,
  assignHasResult: boolean = hasResult,
): void {
  if (options.resultSelector !== undefined) {
    state.ResultSelector = renderJsonPathPayload(
      compute(options.resultSelector as Computed<never, unknown>),
      envFor(rc, ql, 'ResultSelector', 'result-selector'),
    );
  }
  if (options.resultPath !== undefined) {
    state.ResultPath = resultPathField(
      options.resultPath as PathOption<unknown>,
      envFor(rc, ql, 'ResultPath'),
    );
  }
  if (options.outputPath !== undefined) {
    state.OutputPath = pathField(options.outputPath, envFor(rc, ql, 'OutputPath'));
  }
  if (options.output !== undefined) Object.assign(state, outputField(options.output, rc, ql, hasResult));
  if (options.assign !== undefined) {
    Object.assign(state, assignField(options.assign, rc, ql, 'assign-output', assignHasResult));
  }
}
