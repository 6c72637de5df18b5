export { SimulatedAwsError } from './aws-fault.js';
export {
  type CloudFormationTemplate,
  loadTemplate,
  parseTemplate,
  type ResolveContext,
  resolveTemplate,
  TEMPLATE_FILES,
  TEMPLATES_DIR,
} from './cloudformation-template.js';
export { createEstateClients } from './estate-clients.js';
export {
  type CreateRollback,
  DEFAULT_CAUSE,
  type FailureCause,
  type FaultMatch,
  FaultPlan,
  type SimulatedService,
  type UpdateRollback,
} from './fault-plan.js';
export { type Decision, decide, type IamRequest, type IamResult, satisfies } from './iam-decision.js';
export { type IamInstallation, IamReplay, type ReplayedRequest } from './iam-replay.js';
export { InMemoryS3 } from './in-memory-s3.js';
export { InMemorySns, type PublishedMessage } from './in-memory-sns.js';
export {
  bucketPolicy,
  type PolicyDocument,
  principalTagContext,
  type RolePolicies,
  rolePolicies,
} from './role-policies.js';
export { seededRandom } from './seeded-random.js';
export {
  DEFAULT_LATENCIES,
  SimulatedCloudFormation,
  type SimulatedStack,
  type StackLatencies,
} from './simulated-cloudformation.js';
export { SimulatedDrift } from './simulated-drift.js';
export { type EstateOptions, type RecordedAwsCall, SimulatedEstate } from './simulated-estate.js';
export {
  type SimulatedAccount,
  SimulatedOrganization,
  type SimulatedOrganizationalUnit,
} from './simulated-organization.js';
export { VirtualClock } from './virtual-clock.js';
