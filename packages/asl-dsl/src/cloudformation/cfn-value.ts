import { z } from 'zod';
import type { JsonValue } from '../model/index.js';

/**
 * A CloudFormation intrinsic function call, e.g. `{ Ref: 'Bucket' }` or
 * `{ 'Fn::GetAtt': ['Role', 'Arn'] }`: an object with one `Ref` or `Fn::*` key.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 */
export type CfnIntrinsic = { readonly [fn: string]: JsonValue };

/** A template value: a literal string or an intrinsic function that resolves to one. */
export type CfnString = string | CfnIntrinsic;

/** A `DefinitionSubstitutions` value: a literal or an intrinsic function. */
export type CfnSubstitutionValue = string | number | boolean | CfnIntrinsic;

/** An intrinsic function call: exactly one key, `Ref` or `Fn::<Name>`. */
export const cfnIntrinsicSchema = z.record(z.string(), z.json()).refine((value) => {
  const keys = Object.keys(value);
  return keys.length === 1 && /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/.test(keys[0] as string);
}, 'expected a string or one intrinsic function such as { "Ref": "X" } or { "Fn::GetAtt": ["X", "Arn"] }');

/** A literal non-empty string or an intrinsic function. */
export const cfnStringSchema = z.union([z.string().min(1), cfnIntrinsicSchema]);

/** A `DefinitionSubstitutions` value. */
export const cfnSubstitutionValueSchema = z.union([z.string(), z.number(), z.boolean(), cfnIntrinsicSchema]);
