import type { StackDriftDetectionStatus, StackDriftStatus } from '@aws-sdk/client-cloudformation';
import type { Clock } from '../shared/clock.js';
import { validationError } from './aws-fault.js';
import type { SimulatedCloudFormation } from './simulated-cloudformation.js';

/** One drift detection run, as DescribeStackDriftDetectionStatus reports it. */
interface Detection {
  id: string;
  stackId: string;
  startedAt: number;
  /** Resources drifted when the detection ran (decided when it started). */
  driftedResources: number;
}

/**
 * Drift of the estate's stacks and CloudFormation's drift detection on them:
 * - `driftStack` changes a stack's resource out of band (as an edit in the console would);
 * - `DetectStackDrift` starts a detection and returns its id at once; detection takes time
 *   ("can take up to several minutes, depending on the number of resources"), during which
 *   `DescribeStackDriftDetectionStatus` reports `DETECTION_IN_PROGRESS` and no drift status;
 * - then `DETECTION_COMPLETE` with `StackDriftStatus` `DRIFTED` (one or more resources differ) or
 *   `IN_SYNC`, and `DriftedStackResourceCount` (0 when in sync); each run has a new id.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DetectStackDrift.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackDriftDetectionStatus.html
 */
export class SimulatedDrift {
  /** Drifted resources per stack id. */
  readonly #drifted = new Map<string, number>();
  readonly #detections = new Map<string, Detection>();
  #next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly cloudFormation: SimulatedCloudFormation,
    /** Virtual ms a detection takes. */
    readonly detectionMs = 20_000,
  ) {}

  /** Changes `resources` of a live stack out of band. */
  driftStack(accountId: string, region: string, stackName: string, resources = 1): void {
    const stack = this.cloudFormation.stack(accountId, region, stackName);
    if (!stack) throw new Error(`no stack ${stackName} in ${accountId}/${region} to drift`);
    this.#drifted.set(stack.stackId, (this.#drifted.get(stack.stackId) ?? 0) + resources);
  }

  detectStackDrift(accountId: string, region: string, stackName: string): { StackDriftDetectionId: string } {
    const stack = this.cloudFormation.stack(accountId, region, stackName);
    if (!stack) throw validationError(`Stack with id ${stackName} does not exist`);
    // Ids are at most 36 characters (a UUID in AWS).
    const id = `00000000-0000-4000-9000-${(this.#next++).toString(16).padStart(12, '0')}`;
    this.#detections.set(id, {
      id,
      stackId: stack.stackId,
      startedAt: this.clock.now(),
      driftedResources: this.#drifted.get(stack.stackId) ?? 0,
    });
    return { StackDriftDetectionId: id };
  }

  describeStackDriftDetectionStatus(accountId: string, region: string, id: string) {
    const detection = this.#detections.get(id);
    const [, , , detectionRegion, detectionAccount] = detection?.stackId.split(':') ?? [];
    if (!detection || detectionAccount !== accountId || detectionRegion !== region) {
      throw validationError(`Drift detection with id ${id} does not exist`);
    }
    const done = this.clock.now() >= detection.startedAt + this.detectionMs;
    const status: StackDriftDetectionStatus = done ? 'DETECTION_COMPLETE' : 'DETECTION_IN_PROGRESS';
    const drift: StackDriftStatus = detection.driftedResources > 0 ? 'DRIFTED' : 'IN_SYNC';
    return {
      StackId: detection.stackId,
      StackDriftDetectionId: id,
      DetectionStatus: status,
      ...(done && { StackDriftStatus: drift, DriftedStackResourceCount: detection.driftedResources }),
      Timestamp: new Date(detection.startedAt),
    };
  }
}
