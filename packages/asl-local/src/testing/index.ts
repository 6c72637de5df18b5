/**
 * Test helpers of @stackset-lite/asl-local (`@stackset-lite/asl-local/testing`).
 * @module
 */
export {
  type LambdaFunctionHandler,
  type LambdaInvokeShim,
  type LambdaInvokeShimOptions,
  type ShimInvocation,
  startLambdaInvokeShim,
} from './lambda-invoke-shim.js';
