/**
 * Embedding a machine in CloudFormation (`AWS::StepFunctions::StateMachine`) and AWS SAM
 * (`AWS::Serverless::StateMachine`) templates.
 * @module
 */
export type { CfnIntrinsic, CfnString, CfnSubstitutionValue } from './cfn-value.js';
export { checkDefinitionSubstitutions } from './check-substitutions.js';
export { definitionPlaceholders, type PlaceholderUse } from './definition-placeholders.js';
export type { EmbeddingOptions, StateMachineLogging, SubstitutionKeys } from './resource-options.js';
export {
  type S3DefinitionLocation,
  type SamStateMachineOptions,
  type SamStateMachineResource,
  toSamResource,
} from './serverless-state-machine.js';
export {
  type CfnStateMachineResource,
  type StateMachineResourceOptions,
  toCloudFormationResource,
} from './state-machine-resource.js';
