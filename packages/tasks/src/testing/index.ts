export { SimulatedAwsError } from './aws-fault.js';
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
export { InMemoryS3 } from './in-memory-s3.js';
export { InMemorySns, type PublishedMessage } from './in-memory-sns.js';
export { seededRandom } from './seeded-random.js';
export {
  DEFAULT_LATENCIES,
  SimulatedCloudFormation,
  type SimulatedStack,
  type StackLatencies,
} from './simulated-cloudformation.js';
export { type EstateOptions, SimulatedEstate } from './simulated-estate.js';
export {
  type SimulatedAccount,
  SimulatedOrganization,
  type SimulatedOrganizationalUnit,
} from './simulated-organization.js';
export { VirtualClock } from './virtual-clock.js';
