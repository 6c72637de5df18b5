import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import type { Clock } from '../clock/clock.js';
import type { Frame } from '../execution/frame.js';
import type { LambdaAccount } from '../lambda/lambda-account.js';
import type { TaskHandlerContext } from './task-handler.js';

/** {@link HandlerCallContext.state}: the call holds virtual time still. */
const HOLDING = 1;
/** {@link HandlerCallContext.state}: the handler's promise settled. */
const FINISHED = 2;

/**
 * The context passed to one handler call. A class (methods on the prototype, `$$` built only when
 * read, services reached through the frame) because a 10,000-item Map makes tens of thousands of
 * calls: it keeps only what the call itself fixes.
 */
export class HandlerCallContext implements TaskHandlerContext {
  private builtContext: JsonValue | undefined = undefined;
  /** Restarts the heartbeat timer (set by the caller when HeartbeatSeconds applies). */
  onHeartbeat: (() => void) | undefined = undefined;
  /** When the function's timeout ends this call (execution-clock ms), if one applies. */
  deadline: number | undefined = undefined;
  /** The Lambda account whose concurrency slot this call holds, until {@link end}. */
  private slot: LambdaAccount | undefined = undefined;
  /** HOLDING and FINISHED bits. */
  private state = 0;

  constructor(
    readonly stateName: string,
    readonly resource: string,
    readonly retryCount: number,
    readonly taskToken: string | undefined,
    private readonly frame: Frame,
    private readonly enteredAt: number,
  ) {}

  get executionArn(): string {
    return this.frame.exec.identity.executionArn;
  }

  private get clock(): Clock {
    return this.frame.exec.services.clock;
  }

  get contextObject(): JsonValue {
    // Built from the values of the call, not the frame's current ones (the frame moves on).
    this.builtContext ??= this.frame.exec.contextObject({
      ...this.frame,
      stateName: this.stateName,
      enteredAt: this.enteredAt,
      retryCount: this.retryCount,
      taskToken: this.taskToken,
      mapItem: undefined,
    });
    return this.builtContext;
  }

  /** Takes a Lambda concurrency slot for this call (throws when the account is at its limit). */
  takeSlot(lambda: LambdaAccount): void {
    lambda.startCall();
    this.slot = lambda;
  }

  /** The call is over: it no longer holds time, and its concurrency slot is free (idempotent). */
  end(): void {
    this.finish();
    const slot = this.slot;
    if (slot) {
      this.slot = undefined;
      slot.endCall();
    }
  }

  /** The call starts: virtual time holds still while the handler works. */
  hold(): void {
    if (this.state === 0) {
      this.state = HOLDING;
      this.clock.beginWork();
    }
  }

  /** The handler's promise settled: it no longer holds time (even if it left work running). */
  finish(): void {
    const holding = this.state & HOLDING;
    this.state = FINISHED;
    if (holding) this.clock.endWork();
  }

  async sleep(seconds: number): Promise<void> {
    // A sleeping handler is not outside work: virtual time may advance while it sleeps.
    if (this.state & HOLDING) {
      this.state &= ~HOLDING;
      this.clock.endWork();
    }
    try {
      await this.clock.sleep(seconds * 1000);
    } finally {
      this.hold();
    }
  }

  now(): number {
    return this.clock.now();
  }

  getRemainingTimeInMillis(): number {
    return this.deadline === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, this.deadline - this.clock.now());
  }

  heartbeat(): void {
    this.onHeartbeat?.();
  }

  sendTaskSuccess(output: JsonValue): void {
    this.frame.exec.services.tokens.sendTaskSuccess(this.requireToken(), output);
  }

  sendTaskFailure(error: string, cause?: string): void {
    this.frame.exec.services.tokens.sendTaskFailure(this.requireToken(), error, cause);
  }

  private requireToken(): string {
    if (!this.taskToken) {
      throw new Error(`State '${this.stateName}' has no task token: its resource is not .waitForTaskToken`);
    }
    return this.taskToken;
  }
}
