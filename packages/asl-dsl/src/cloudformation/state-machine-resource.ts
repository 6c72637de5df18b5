import { z } from 'zod';
import { AslDslError } from '../builder/errors.js';
import { type MachineSource, machineModel } from '../compile/machine-source.js';
import type { JsonObject, JsonValue, StateMachineDefinition } from '../model/index.js';
import { canonicalDefinition, serializeDefinition } from '../serialize/index.js';
import { MAX_DEFINITION_BYTES } from '../validate/index.js';
import { type CfnString, cfnStringSchema } from './cfn-value.js';
import { checkDefinitionSubstitutions } from './check-substitutions.js';
import {
  type EmbeddingOptions,
  embeddingOptionsShape,
  loggingProperty,
  parseOptions,
  type SubstitutionKeys,
} from './resource-options.js';

/** Options of `toCloudFormationResource`. */
export interface StateMachineResourceOptions<K extends string = string> extends EmbeddingOptions<K> {
  /**
   * The IAM role Step Functions assumes to run the machine (required by CloudFormation).
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-rolearn
   */
  roleArn: CfnString;
  /**
   * Emit `DefinitionString` (compact JSON text) instead of `Definition` (a JSON object).
   * @default false
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#cfn-stepfunctions-statemachine-definitionstring
   */
  asString?: boolean;
}

/**
 * An `AWS::StepFunctions::StateMachine` resource.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
 */
export interface CfnStateMachineResource {
  Type: 'AWS::StepFunctions::StateMachine';
  Properties: {
    /** The definition as an object (absent with `asString`). */
    Definition?: StateMachineDefinition;
    /** The definition as compact JSON text (only with `asString`). */
    DefinitionString?: string;
    DefinitionSubstitutions?: JsonObject;
    RoleArn: JsonValue;
    StateMachineName?: JsonValue;
    StateMachineType?: 'STANDARD' | 'EXPRESS';
    LoggingConfiguration?: JsonObject;
    TracingConfiguration?: { Enabled: boolean };
    Tags?: { Key: string; Value: string }[];
  };
}

const resourceOptionsSchema = z
  .object({ ...embeddingOptionsShape, roleArn: cfnStringSchema, asString: z.boolean().optional() })
  .strict();

/**
 * Embeds a machine in CloudFormation as an `AWS::StepFunctions::StateMachine` resource, with its
 * definition in canonical order (`Definition`, or `DefinitionString` with `asString`).
 *
 * `DefinitionSubstitutions` keys are checked against the `${Name}` placeholders in the definition:
 * a placeholder without a key, or a key no placeholder uses, is an `AslDslError` naming the key.
 *
 * @example
 * const resource = toCloudFormationResource(machine, {
 *   roleArn: { 'Fn::GetAtt': ['DeployRole', 'Arn'] },
 *   definitionSubstitutions: { DeployFunctionArn: { 'Fn::GetAtt': ['DeployFunction', 'Arn'] } },
 * });
 * @throws AslDslError for bad options, unmatched substitutions or a definition over 1 MB.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
 */
export function toCloudFormationResource<M extends MachineSource>(
  machine: M,
  options: StateMachineResourceOptions<SubstitutionKeys<M>>,
): CfnStateMachineResource {
  const opts = parseOptions(resourceOptionsSchema, options, 'toCloudFormationResource');
  const model = machineModel(machine);
  checkDefinitionSubstitutions(model, opts.definitionSubstitutions ?? {});
  const text = serializeDefinition(model, { compact: true });
  checkDefinitionSize(text);
  const properties: CfnStateMachineResource['Properties'] = {
    ...(opts.asString ? { DefinitionString: text } : { Definition: canonicalDefinition(model) }),
    ...(opts.definitionSubstitutions === undefined
      ? {}
      : { DefinitionSubstitutions: sortedObject(opts.definitionSubstitutions) as JsonObject }),
    RoleArn: opts.roleArn,
    ...(opts.stateMachineName === undefined ? {} : { StateMachineName: opts.stateMachineName }),
    ...(opts.type === undefined ? {} : { StateMachineType: opts.type }),
    ...(opts.logging === undefined
      ? {}
      : { LoggingConfiguration: loggingProperty(opts.logging) as JsonObject }),
    ...(opts.tracing === undefined ? {} : { TracingConfiguration: { Enabled: opts.tracing } }),
    ...(opts.tags === undefined
      ? {}
      : {
          Tags: Object.keys(opts.tags)
            .sort()
            .map((key) => ({ Key: key, Value: opts.tags?.[key] as string })),
        }),
  };
  return { Type: 'AWS::StepFunctions::StateMachine', Properties: properties };
}

/** Throws when the compact definition exceeds the Step Functions limit. */
export function checkDefinitionSize(compactDefinition: string): void {
  const bytes = Buffer.byteLength(compactDefinition, 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) {
    throw new AslDslError(
      'InvalidFieldValue',
      `the definition is ${bytes} bytes; Step Functions accepts at most ${MAX_DEFINITION_BYTES} (1 MB)`,
      { pointer: '' },
    );
  }
}

/** A copy with keys sorted, so templates diff cleanly. */
export function sortedObject<T>(object: Readonly<Record<string, T>>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(object).sort()) sorted[key] = object[key] as T;
  return sorted;
}
