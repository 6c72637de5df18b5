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
export { type Clock, realSleep, type Sleep, systemClock } from './clock.js';
export { type CrossAccountDeps, crossAccountDeps } from './cross-account-deps.js';
export { InvalidInput, Throttled } from './errors.js';
export { createLogger, createSilentLogger, type TargetLogKeys } from './logger.js';
export { parseEvent } from './parse-event.js';
export * from './schemas.js';
