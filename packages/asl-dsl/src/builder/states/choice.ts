import type { ChoiceRule } from '../../model/choice-rule.js';
import type { ChoiceState } from '../../model/states.js';
import { type Condition, renderCondition, renderConditionJsonata } from '../conditions.js';
import { AslDslError, joinPointer } from '../errors.js';
import {
  checkJsonataSyntax,
  isJsonataExpression,
  type JsonataExpression,
  rawJsonataBody,
  renderJsonataBody,
  wrapJsonata,
} from '../jsonata.js';
import { FieldEnv, PointerAt } from '../refs/field-env.js';
import { isPathRef, type PathRef, refData } from '../refs/path-ref.js';
import { renderRef, rootsFor } from '../refs/render-ref.js';
import type { BuilderEnv, Computed, StateScope } from '../scope.js';
import { compute } from '../scope.js';
import type { Target } from '../state-handle.js';
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
  type PathOption,
  put,
} from './state-fields.js';
import type { AssignOption, StateInputSource } from './task.js';

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
 * Options of a Choice state.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
export interface ChoiceOptions<S, Env extends BuilderEnv> extends CommonOptions {
  /** The type of this state's input. @default the graph's input type */
  readonly stateInput?: StateInputSource<S>;
  /** The rules, evaluated in order; a callback gets typed references to the input, variables and context. @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly choices: Computed<StateScope<S, Env>, readonly ChoiceRuleOptions<S, Env>[]>;
  /** Where to go when no rule matches; without it, no match fails with `States.NoChoiceMatched`. @default none @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */
  readonly default?: Target;
  /** JSONPath: selects the effective input. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html#input-output-inputpath */
  readonly inputPath?: JsonPathOnly<Env, PathOption<S>>;
  /** JSONPath: selects the state output. @default "$" @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html */
  readonly outputPath?: JsonPathOnly<Env, PathOption<unknown>>;
  /** JSONata: the state output when the default is taken. @default the state input @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html */
  readonly output?: JsonataOnly<Env, Computed<StateScope<S, Env>, LooseTemplate>>;
  /** Variables to assign when the default is taken. @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html */
  readonly assign?: AssignOption<StateScope<S, Env>, Env>;
}

/** Renders a Choice state to the model. */
export function renderChoice(
  options: ChoiceOptions<unknown, BuilderEnv>,
  rc: StateRenderContext,
): ChoiceState {
  const ql = stateQueryLanguage(options, 'Choice', rc);
  const rules = compute(options.choices);
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
  if (isJsonataExpression(condition)) return wrapJsonata(renderJsonataBody(condition, env), env);
  throw new AslDslError(
    'InvalidExpression',
    'a condition must be a JSONata expression, reference or boolean',
    {
      stateName: env.stateName,
      pointer: env.pointer,
    },
  );
}
