import { z } from 'zod';
import { type MachineSource, machineModel } from '../compile/machine-source.js';
import type { JsonObject, JsonValue, StateMachineDefinition } from '../model/index.js';
import { canonicalDefinition, serializeDefinition } from '../serialize/index.js';
import { type CfnString, cfnStringSchema } from './cfn-value.js';
import { checkDefinitionSubstitutions } from './check-substitutions.js';
import {
  type EmbeddingOptions,
  embeddingOptionsShape,
  loggingProperty,
  parseOptions,
  type SubstitutionKeys,
} from './resource-options.js';
import { checkDefinitionSize, sortedObject } from './state-machine-resource.js';

/** An S3 object holding the definition. */
export interface S3DefinitionLocation {
  Bucket: CfnString;
  Key: CfnString;
  Version?: CfnString;
}

/** Options of `toSamResource`. */
export interface SamStateMachineOptions<K extends string = string> extends EmbeddingOptions<K> {
  /**
   * An existing IAM role.
   * @default a role SAM creates from `policies`
   * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html#sam-statemachine-role
   */
  role?: CfnString;
  /**
   * SAM policy templates, managed policy ARNs or inline policies for the role SAM creates.
   * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html#sam-statemachine-policies
   */
  policies?: JsonValue;
  /**
   * Reference the definition file instead of inlining it: an `s3://bucket/key` URI, a local path
   * (uploaded by `sam package` / `sam deploy`) or an S3 location. Write the file with
   * `serializeDefinition`. Placeholders are still checked against the machine.
   * @default the definition inline, as `Definition`
   * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html#sam-statemachine-definitionuri
   */
  definitionUri?: string | S3DefinitionLocation;
}

/**
 * An `AWS::Serverless::StateMachine` (AWS SAM) resource.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html
 */
export interface SamStateMachineResource {
  Type: 'AWS::Serverless::StateMachine';
  Properties: {
    Definition?: StateMachineDefinition;
    DefinitionUri?: JsonValue;
    DefinitionSubstitutions?: JsonObject;
    Role?: JsonValue;
    Policies?: JsonValue;
    Name?: JsonValue;
    Type?: 'STANDARD' | 'EXPRESS';
    Logging?: JsonObject;
    Tracing?: { Enabled: boolean };
    Tags?: Record<string, string>;
  };
}

const samOptionsSchema = z
  .object({
    ...embeddingOptionsShape,
    role: cfnStringSchema.optional(),
    policies: z.json().optional(),
    definitionUri: z
      .union([
        z.string().min(1),
        z
          .object({ Bucket: cfnStringSchema, Key: cfnStringSchema, Version: cfnStringSchema.optional() })
          .strict(),
      ])
      .optional(),
  })
  .strict();

/**
 * Embeds a machine in an AWS SAM template as an `AWS::Serverless::StateMachine`, with the
 * definition inline (`Definition`, canonical order) or referenced (`DefinitionUri`).
 * `DefinitionSubstitutions` keys are checked against the `${Name}` placeholders as in
 * `toCloudFormationResource`.
 * @throws AslDslError for bad options, unmatched substitutions or a definition over 1 MB.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html
 */
export function toSamResource<M extends MachineSource>(
  machine: M,
  options: SamStateMachineOptions<SubstitutionKeys<M>> = {},
): SamStateMachineResource {
  const opts = parseOptions(samOptionsSchema, options, 'toSamResource');
  const model = machineModel(machine);
  checkDefinitionSubstitutions(model, opts.definitionSubstitutions ?? {});
  checkDefinitionSize(serializeDefinition(model, { compact: true }));
  const properties: SamStateMachineResource['Properties'] = {
    ...(opts.definitionUri === undefined
      ? { Definition: canonicalDefinition(model) }
      : { DefinitionUri: opts.definitionUri as JsonValue }),
    ...(opts.definitionSubstitutions === undefined
      ? {}
      : { DefinitionSubstitutions: sortedObject(opts.definitionSubstitutions) as JsonObject }),
    ...(opts.role === undefined ? {} : { Role: opts.role }),
    ...(opts.policies === undefined ? {} : { Policies: opts.policies }),
    ...(opts.stateMachineName === undefined ? {} : { Name: opts.stateMachineName }),
    ...(opts.type === undefined ? {} : { Type: opts.type }),
    ...(opts.logging === undefined ? {} : { Logging: loggingProperty(opts.logging) as JsonObject }),
    ...(opts.tracing === undefined ? {} : { Tracing: { Enabled: opts.tracing } }),
    ...(opts.tags === undefined ? {} : { Tags: sortedObject(opts.tags) }),
  };
  return { Type: 'AWS::Serverless::StateMachine', Properties: properties };
}
