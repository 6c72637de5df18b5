import type { ChoiceExpression, ChoiceRule } from '../model/choice-rule.js';

const SYMBOLS: Record<string, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

/** The maximum label length; longer rules are cut with an ellipsis to keep diagrams readable. */
const MAX_LABEL = 80;

/**
 * A short human reading of a Choice rule, e.g. `$.status == "FAILED"`, `$.n >= $.limit`,
 * `$.a is present and not ($.b == 1)`, or the JSONata Condition without its `{% %}`.
 */
export function choiceRuleLabel(rule: ChoiceRule): string {
  const text = rule.Condition !== undefined ? conditionText(rule.Condition) : expressionText(rule, true);
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

function conditionText(condition: string | boolean): string {
  if (typeof condition === 'boolean') return String(condition);
  const trimmed = condition.trim();
  return trimmed.startsWith('{%') && trimmed.endsWith('%}') ? trimmed.slice(2, -2).trim() : trimmed;
}

function expressionText(expr: ChoiceExpression, top: boolean): string {
  const wrap = (s: string) => (top ? s : `(${s})`);
  if (expr.And) return wrap(expr.And.map((e) => expressionText(e, false)).join(' and '));
  if (expr.Or) return wrap(expr.Or.map((e) => expressionText(e, false)).join(' or '));
  if (expr.Not) return `not ${expressionText(expr.Not, false)}`;
  return wrap(comparisonText(expr));
}

function comparisonText(expr: ChoiceExpression): string {
  const variable = expr.Variable ?? '?';
  for (const [key, value] of Object.entries(expr)) {
    if (key === 'Variable' || value === undefined) continue;
    const test = /^Is(Null|Present|Numeric|String|Boolean|Timestamp)$/.exec(key);
    if (test) return `${variable} is ${value === false ? 'not ' : ''}${test[1]?.toLowerCase()}`;
    if (key === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
    const comparison =
      /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/.exec(
        key,
      );
    if (comparison) {
      const operand = comparison[3] ? String(value) : JSON.stringify(value);
      return `${variable} ${SYMBOLS[comparison[2] as string]} ${operand}`;
    }
  }
  return variable;
}
