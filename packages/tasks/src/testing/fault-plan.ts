import { seededRandom } from './seeded-random.js';

/** Which targets a fault hits; absent fields match everything. */
export interface FaultMatch {
  accountId?: string;
  region?: string;
}

/** The resource a simulated failure blames (shows as the root cause). */
export interface FailureCause {
  logicalResourceId: string;
  resourceType: string;
  reason: string;
}

/** The default failing resource. */
export const DEFAULT_CAUSE: FailureCause = {
  logicalResourceId: 'Bucket',
  resourceType: 'AWS::S3::Bucket',
  reason:
    'Resource handler returned message: "simulated failure" (HandlerErrorCode: GeneralServiceException)',
};

/** AWS services the estate simulates. */
export type SimulatedService = 'sts' | 'organizations' | 'cloudformation' | 's3' | 'sns';

interface Rule<T> {
  value: T;
  remaining: number;
}

/** How a failing create rolls back. */
export type CreateRollback = 'ROLLBACK_COMPLETE' | 'ROLLBACK_FAILED';
/** How a failing update rolls back. */
export type UpdateRollback = 'UPDATE_ROLLBACK_COMPLETE' | 'UPDATE_ROLLBACK_FAILED';

/**
 * Injected faults, looked up in O(1) per call (keyed by account and region, with wildcards) so a plan with
 * many rules stays fast over 20,000 targets.
 */
export class FaultPlan {
  readonly #createFailures = new Map<string, Rule<{ rollback: CreateRollback; cause: FailureCause }>>();
  readonly #updateFailures = new Map<string, Rule<{ rollback: UpdateRollback; cause: FailureCause }>>();
  readonly #deleteFailures = new Map<string, Rule<FailureCause>>();
  readonly #continueRollbackFailures = new Map<string, Rule<FailureCause>>();
  readonly #changeSetFailures = new Map<string, Rule<string>>();
  readonly #deniedRoles = new Set<string>();
  readonly #throttles: {
    service: SimulatedService;
    operation?: string;
    match: FaultMatch;
    remaining: number;
  }[] = [];
  readonly #callFailures: {
    service: SimulatedService;
    operation?: string;
    match: FaultMatch;
    error: { name: string; message: string };
    remaining: number;
  }[] = [];
  readonly #rateLimits: {
    service: SimulatedService;
    operation?: string;
    perSecond: number;
    burst: number;
  }[] = [];
  /** Token buckets per rate limit × account × region: tokens left and when they were counted. */
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #random: () => number;
  #randomFailureRate = 0;

  constructor(seed = 1) {
    this.#random = seededRandom(seed);
  }

  /**
   * A token bucket per account and region (per service, or per operation), refilled on the estate's clock:
   * calls beyond `burst` within the same moment, or above `perSecond` sustained, are throttled — the way
   * CloudFormation and Organizations throttle a burst of thousands of concurrent calls.
   */
  rateLimit(options: { service: SimulatedService; operation?: string; perSecond: number; burst?: number }) {
    if (options.perSecond <= 0)
      throw new Error(`rateLimit perSecond must be positive, got ${options.perSecond}`);
    this.#rateLimits.push({
      service: options.service,
      ...(options.operation ? { operation: options.operation } : {}),
      perSecond: options.perSecond,
      burst: options.burst ?? options.perSecond,
    });
    return this;
  }

  /** Takes a token for this call from every matching rate limit; false when one is empty (throttle). */
  takeRateToken(service: SimulatedService, operation: string, target: FaultMatch, now: number): boolean {
    for (const [index, limit] of this.#rateLimits.entries()) {
      if (limit.service !== service || (limit.operation && limit.operation !== operation)) continue;
      const key = `${index}|${target.accountId ?? '*'}|${target.region ?? '*'}`;
      const bucket = this.#buckets.get(key) ?? { tokens: limit.burst, at: now };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
      bucket.at = now;
      this.#buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
    }
    return true;
  }

  /** Creates fail (resource CREATE_FAILED) and roll back to ROLLBACK_COMPLETE (or ROLLBACK_FAILED). */
  failCreate(
    match: FaultMatch,
    options: { rollback?: CreateRollback; cause?: FailureCause; times?: number } = {},
  ) {
    this.#createFailures.set(key(match), {
      value: { rollback: options.rollback ?? 'ROLLBACK_COMPLETE', cause: options.cause ?? DEFAULT_CAUSE },
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /** Updates fail and roll back to UPDATE_ROLLBACK_COMPLETE (or UPDATE_ROLLBACK_FAILED). */
  failUpdate(
    match: FaultMatch,
    options: { rollback?: UpdateRollback; cause?: FailureCause; times?: number } = {},
  ) {
    this.#updateFailures.set(key(match), {
      value: {
        rollback: options.rollback ?? 'UPDATE_ROLLBACK_COMPLETE',
        cause: options.cause ?? DEFAULT_CAUSE,
      },
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /** Deletes end in DELETE_FAILED (unless resources are retained or the deletion is forced). */
  failDelete(match: FaultMatch, options: { cause?: FailureCause; times?: number } = {}) {
    this.#deleteFailures.set(key(match), {
      value: options.cause ?? { ...DEFAULT_CAUSE, reason: 'The bucket you tried to delete is not empty' },
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /** ContinueUpdateRollback ends in UPDATE_ROLLBACK_FAILED again. */
  failContinueRollback(match: FaultMatch, options: { cause?: FailureCause; times?: number } = {}) {
    this.#continueRollbackFailures.set(key(match), {
      value: options.cause ?? DEFAULT_CAUSE,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /**
   * Change sets end FAILED with this reason (as for a template CloudFormation cannot use); a CREATE change
   * set leaves its stack in REVIEW_IN_PROGRESS, as in AWS.
   */
  failChangeSet(match: FaultMatch, options: { reason?: string; times?: number } = {}) {
    this.#changeSetFailures.set(key(match), {
      value:
        options.reason ??
        'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /** The failure reason of a change set at this target, if any. */
  takeChangeSetFailure(accountId: string, region: string): string | undefined {
    return take(this.#changeSetFailures, accountId, region);
  }

  /** AssumeRole into this account fails with AccessDenied. */
  denyAssumeRole(accountId: string) {
    this.#deniedRoles.add(accountId);
    return this;
  }

  /** The next `times` matching calls fail with the service's throttling error. */
  throttle(options: { service: SimulatedService; operation?: string; times?: number } & FaultMatch) {
    const { service, operation, times, ...match } = options;
    this.#throttles.push({
      service,
      ...(operation ? { operation } : {}),
      match,
      remaining: times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /**
   * The next `times` matching calls fail with this AWS error (e.g. `{name: 'AccessDenied', message: …}`,
   * or CloudFormation's ValidationError for a stack that turned busy).
   */
  failCall(
    options: {
      service: SimulatedService;
      operation?: string;
      error: { name: string; message: string };
      times?: number;
    } & FaultMatch,
  ) {
    const { service, operation, error, times, ...match } = options;
    this.#callFailures.push({
      service,
      ...(operation ? { operation } : {}),
      match,
      error,
      remaining: times ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }

  /** Consumes an injected error for this call, if one matches. */
  takeCallFailure(
    service: SimulatedService,
    operation: string,
    target: FaultMatch,
  ): { name: string; message: string } | undefined {
    for (const rule of this.#callFailures) {
      if (rule.remaining <= 0 || rule.service !== service) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.match.accountId && rule.match.accountId !== target.accountId) continue;
      if (rule.match.region && rule.match.region !== target.region) continue;
      rule.remaining--;
      return rule.error;
    }
    return undefined;
  }

  /** Every create and update fails with this probability (seeded: `reseed` replays a run). */
  setRandomFailureRate(rate: number, seed?: number) {
    if (rate < 0 || rate > 1) throw new Error(`failure rate must be within [0, 1], got ${rate}`);
    this.#randomFailureRate = rate;
    if (seed !== undefined) this.#random = seededRandom(seed);
    return this;
  }

  /** Whether AssumeRole into the account is refused. */
  isRoleDenied(accountId: string): boolean {
    return this.#deniedRoles.has(accountId);
  }

  /** Consumes a throttle for this call, if one matches. */
  takeThrottle(service: SimulatedService, operation: string, target: FaultMatch): boolean {
    for (const rule of this.#throttles) {
      if (rule.remaining <= 0 || rule.service !== service) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.match.accountId && rule.match.accountId !== target.accountId) continue;
      if (rule.match.region && rule.match.region !== target.region) continue;
      rule.remaining--;
      return true;
    }
    return false;
  }

  /** The failure of a create at this target, if any. */
  takeCreateFailure(accountId: string, region: string) {
    return (
      take(this.#createFailures, accountId, region) ??
      (this.#rollDice() ? { rollback: 'ROLLBACK_COMPLETE' as const, cause: randomCause() } : undefined)
    );
  }

  /** The failure of an update at this target, if any. */
  takeUpdateFailure(accountId: string, region: string) {
    return (
      take(this.#updateFailures, accountId, region) ??
      (this.#rollDice() ? { rollback: 'UPDATE_ROLLBACK_COMPLETE' as const, cause: randomCause() } : undefined)
    );
  }

  /** The failure of a delete at this target, if any. */
  takeDeleteFailure(accountId: string, region: string) {
    return take(this.#deleteFailures, accountId, region);
  }

  /** The failure of a ContinueUpdateRollback at this target, if any. */
  takeContinueRollbackFailure(accountId: string, region: string) {
    return take(this.#continueRollbackFailures, accountId, region);
  }

  #rollDice(): boolean {
    return this.#randomFailureRate > 0 && this.#random() < this.#randomFailureRate;
  }
}

function randomCause(): FailureCause {
  return { ...DEFAULT_CAUSE, reason: 'Resource handler returned message: "simulated random failure"' };
}

function key(match: FaultMatch): string {
  return `${match.accountId ?? '*'}|${match.region ?? '*'}`;
}

function take<T>(rules: Map<string, Rule<T>>, accountId: string, region: string): T | undefined {
  if (rules.size === 0) return undefined;
  for (const candidate of [`${accountId}|${region}`, `${accountId}|*`, `*|${region}`, '*|*']) {
    const rule = rules.get(candidate);
    if (rule && rule.remaining > 0) {
      rule.remaining--;
      return rule.value;
    }
  }
  return undefined;
}
