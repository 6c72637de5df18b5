export { BUSY_WAIT_SECONDS } from './busy-wait.js';
export {
  createDeployStackHandler,
  type DeployStackDeps,
  IMPORT_TAG,
  MANAGED_BY_TAG,
  OPERATION_TAG_KEY,
} from './handler.js';
export { type OperationTokens, operationTokens } from './request-token.js';
export * from './schemas.js';
