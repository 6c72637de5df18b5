import type { ChoiceRule } from '../../model/choice-rule.js';
import type { ChoiceState } from '../../model/states.js';
import { type Condition, renderCondition, renderConditionJsonata } from '../conditions.js';
import { AslDslError, joinPointer } from '../errors.js';
import type { CheckedName, ChoiceEdges, FlowCheck, Selected, StateInput } from '../flow-types.js';
import {
  checkJsonataSyntax,
  isJsonataExpression,
  type JsonataExpression,
  rawJsonataBody,
  renderJsonataField,
  wrapJsonata,
} from '../jsonata.js';
import { FieldEnv, PointerAt } from '../refs/field-env.js';
import { isPathRef, type PathRef, refData } from '../refs/path-ref.js';
import { renderRef, rootsFor } from '../refs/render-ref.js';
import type { ResolvedOr } from '../resolved.js';
import type { BuilderEnv, Computed, StateScope } from '../scope.js';
import { compute } from '../scope.js';
import type { StateHandle, Target } from '../state-handle.js';
import type { LooseTemplate } from '../template.js';
import { renderInputFields, renderResultFields } from './input-output-fields.js';
import { checkOptionKeys, stateQueryLanguage } from './option-keys.js';
import { atPointer, type StateRenderContext } from './render-context.js';
import {
  assignField,
  type CommonOptions,
  envFor,
  type JsonataOnly,
  type JsonPathOnly,
  outputField,
  type PathChoice,
  put,
  type QueryLanguageOption,
  type StateEnv,
} from './state-fields.js';
import type { AssignOption, FlowOptions } from './task.js';

/**
 * One rule of a Choice state: a JSONPath `when` condition or a JSONata `condition`, and where to go.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export interface ChoiceRuleOptions<S, Env extends BuilderEnv> {
  /** The condition, built with `cond`; in a JSONata state it is translated to a JSONata `Condition`. @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly when?: Condition;
  /** JSONata: a boolean expression, a reference to a boolean, or a literal boolean. @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly condition?: JsonataOnly<
    Env,
    JsonataExpression<boolean> | PathRef<boolean | undefined> | boolean | `{%${string}%}`
  >;
  /** The state to go to when the rule matches. @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly next: Target;
  /** Variables to assign when the rule matches. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
  /** JSONata: the state output when the rule matches. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** A description of the rule. @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly comment?: string;
}

/**
 * Options of a Choice state. `CR` is the rule list and `D` the default, kept literal so the handle
 * knows where each rule goes.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export interface ChoiceOptions<
  S,
  Env extends BuilderEnv,
  CR = readonly ChoiceRuleOptions<S, Env>[],
  D = Target,
  O = LooseTemplate,
  IP = undefined,
  OP = undefined,
> extends CommonOptions {
  /** The rules, evaluated in order; a callback gets typed references to the (effective) input, variables and context. @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly choices: CR | ((scope: StateScope<Selected<S, IP>, Env>) => CR);
  /** Where to go when no rule matches; without it, no match fails with `States.NoChoiceMatched`. @default none @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly default?: D;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathChoice<S, IP>>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathChoice<Selected<S, IP>, OP>>;
  /** JSONata: the state output when the default is taken. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, O | ((scope: StateScope<S, Env>) => O)>;
  /** Variables to assign when the default is taken. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
}

/** The output of a state without a result (Choice, Wait, Succeed): JSONata `output`, else the effective input as OutputPath selects it. */
export type PassThroughOutput<S, O, IP, OP> = [O] extends [never]
  ? Selected<Selected<S, IP>, OP>
  : ResolvedOr<O, never>;

/** The options `choice()` takes (see `TaskDeclaration`). */
export type ChoiceDeclaration<
  In,
  Env extends BuilderEnv,
  N extends string,
  A,
  SI,
  CR,
  D,
  O,
  SQ,
  IP,
  OP,
> = ChoiceOptions<StateInput<A, SI, N, In>, StateEnv<Env, NoInfer<SQ>>, CR, D, O, IP, OP> &
  FlowOptions<A, SI> &
  QueryLanguageOption<SQ>;

/** `choice()`'s name argument, carrying the `after` check. */
export type ChoiceName<N extends string, A, SI> = CheckedName<N, FlowCheck<A, N, SI, undefined, unknown>>;

/** The handle `choice()` returns: each rule and the default are transitions. */
export type ChoiceHandleFor<In, N extends string, A, SI, CR, D, O, IP, OP> = ChoiceHandleOf<
  StateInput<A, SI, N, In>,
  PassThroughOutput<StateInput<A, SI, N, In>, O, IP, OP>,
  N,
  CR,
  D
>;

type ChoiceHandleOf<S, Out, N extends string, CR, D> = StateHandle<Out, N, S, ChoiceEdges<CR, D, Out>>;

/** Renders a Choice state to the model. */
export function renderChoice(
  options: ChoiceOptions<unknown, BuilderEnv>,
  rc: StateRenderContext,
): ChoiceState {
  const ql = stateQueryLanguage(options, 'Choice', rc);
  const rules = compute(
    options.choices as Computed<never, readonly ChoiceRuleOptions<unknown, BuilderEnv>[]>,
  );
  if (rules.length === 0) {
    throw new AslDslError('MissingField', 'a Choice state needs at least one rule', {
      stateName: rc.name,
      pointer: joinPointer(rc.pointer, 'Choices'),
    });
  }
  // Fields go in in canonical key order (Choices and Default before InputPath), so the serializer
  // need not copy the state; InputPath is still rendered first (which error is reported first).
  const state = { Type: 'Choice' } as ChoiceState;
  put(state, 'Comment', options.comment);
  put(state, 'QueryLanguage', options.queryLanguage);
  const input: Pick<ChoiceState, 'InputPath'> = {};
  renderInputFields(input, options, rc, ql);
  state.Choices = rules.map((rule, index) => renderRule(rule, index, rc, ql));
  if (options.default !== undefined) {
    state.Default = rc.resolveTarget(options.default, 'Default');
  }
  if (input.InputPath !== undefined) state.InputPath = input.InputPath;
  renderResultFields(state, options, rc, ql, false);
  return state;
}

function renderRule(
  rule: ChoiceRuleOptions<unknown, BuilderEnv>,
  index: number,
  rc: StateRenderContext,
  ql: 'JSONPath' | 'JSONata',
): ChoiceRule {
  // The rule's pointer is built only if an error is raised.
  const ruleRc = atPointer(rc, new PointerAt(rc, 'Choices', index));
  checkOptionKeys(rule, 'ChoiceRule', rc, ruleRc);
  let test: Partial<ChoiceRule>;
  if (ql === 'JSONata') {
    const env = envFor(ruleRc, ql, 'Condition');
    if (rule.when !== undefined && rule.condition !== undefined) {
      throw new AslDslError('ConflictingFields', 'a Choice rule has either when or condition, not both', {
        stateName: rc.name,
        pointer: ruleRc.pointer,
      });
    }
    if (rule.when !== undefined) {
      // The same `cond` conditions work in JSONata states, translated to a JSONata expression.
      test = { Condition: wrapJsonata(renderConditionJsonata(rule.when, env), env) };
    } else if (rule.condition === undefined) {
      throw new AslDslError('MissingField', 'a JSONata Choice rule needs a condition (or when: cond.…)', {
        stateName: rc.name,
        pointer: ruleRc.pointer,
      });
    } else {
      test = { Condition: renderConditionExpression(rule.condition, env) };
    }
  } else {
    if (rule.condition !== undefined || rule.output !== undefined) {
      const field = rule.condition !== undefined ? 'Condition' : 'Output';
      throw new AslDslError('JsonataFieldInJsonPath', `${field} is a JSONata field; use when: cond.…(…)`, {
        stateName: rc.name,
        pointer: joinPointer(ruleRc.pointer, field),
      });
    }
    if (rule.when === undefined) {
      throw new AslDslError('MissingField', 'a JSONPath Choice rule needs when: cond.…(…)', {
        stateName: rc.name,
        pointer: ruleRc.pointer,
      });
    }
    test = renderCondition(
      rule.when,
      new FieldEnv(
        ql,
        rootsFor('state-input', ql, true),
        rc.name,
        'Choices',
        rc.machine.variableScope.reads,
        ruleRc,
        undefined,
        rc.machine.jsonataClaims,
      ),
    );
  }
  // Evaluated in this order (which error is reported first), then inserted in canonical key order
  // (Comment, the test, Output, Assign, Next) so the serializer need not copy the rule.
  const next = ruleRc.resolveTarget(rule.next, 'Next');
  const assign = assignField(rule.assign, ruleRc, ql, 'assign-output', false).Assign;
  const output = outputField(rule.output, ruleRc, ql, false).Output;
  const rendered = (rule.comment === undefined ? {} : { Comment: rule.comment }) as Record<string, unknown>;
  Object.assign(rendered, test);
  if (output !== undefined) rendered.Output = output;
  if (assign !== undefined) rendered.Assign = assign;
  rendered.Next = next;
  return rendered as unknown as ChoiceRule;
}

function renderConditionExpression(
  condition: NonNullable<ChoiceRuleOptions<unknown, BuilderEnv>['condition']>,
  env: ReturnType<typeof envFor>,
): string | boolean {
  if (typeof condition === 'boolean') return condition;
  if (typeof condition === 'string') {
    const body = rawJsonataBody(condition);
    if (body === undefined) {
      throw new AslDslError('InvalidExpression', `'${condition}' is not a {% %} expression`, {
        stateName: env.stateName,
        pointer: env.pointer,
      });
    }
    checkJsonataSyntax(body, env);
    return condition;
  }
  if (isPathRef(condition)) return wrapJsonata(renderRef(refData(condition), env), env);
  if (isJsonataExpression(condition)) return renderJsonataField(condition, env);
  throw new AslDslError(
    'InvalidExpression',
    'a condition must be a JSONata expression, reference or boolean',
    {
      stateName: env.stateName,
      pointer: env.pointer,
    },
  );
}
