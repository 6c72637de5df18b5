export { type Arn, MAX_ARN_LENGTH, parseArn } from './arn.js';
export {
  type AssumeRole,
  AssumeRoleDenied,
  createAssumeRole,
  type RoleToAssume,
  roleArnFor,
} from './assumed-role.js';
export {
  type AwsClients,
  type AwsClientsOptions,
  type AwsCredentials,
  type ClientScope,
  createAwsClients,
} from './aws-clients.js';
export {
  awsErrorMessage,
  awsErrorName,
  callAws,
  isAccessDenied,
  isStackMissing,
  isThrottling,
} from './aws-error.js';
export {
  type AwsPartition,
  awsPartitions,
  isKnownRegion,
  partitionById,
  partitionOfRegion,
  regionProblem,
} from './aws-partitions.js';
export { type Clock, realSleep, type Sleep, systemClock } from './clock.js';
export { type CrossAccountDeps, crossAccountDeps } from './cross-account-deps.js';
export { InvalidInput, Throttled } from './errors.js';
export {
  ExternalId,
  RoleName,
  roleNameProblem,
  STACKSET_LITE_ROLE_PREFIX,
  StacksetLiteRoleName,
  stacksetLiteRoleNameProblem,
} from './iam-names.js';
export { createLogger, createSilentLogger, type TargetLogKeys } from './logger.js';
export { parseEvent } from './parse-event.js';
export {
  BucketName,
  bucketNameProblem,
  KeyPrefix,
  MAX_KEY_BYTES,
  ObjectKey,
  objectKeyProblem,
} from './s3-names.js';
export {
  encodeS3Key,
  formatS3Uri,
  MAX_S3_URL_LENGTH,
  type ParsedS3Url,
  parseS3Uri,
  parseS3Url,
  S3HttpsUrl,
  type S3Location,
  type S3ParseResult,
  s3ObjectUrl,
} from './s3-url.js';
export * from './schemas.js';
export {
  MAX_STACK_TAGS,
  STACKSET_LITE_TAG_PREFIX,
  StackTags,
  TagValue,
  tagKeyProblem,
  tagValueProblem,
} from './stack-tags.js';
