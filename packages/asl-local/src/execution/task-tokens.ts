import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import type { Clock } from '../clock/clock.js';
import { StatesError } from '../errors/states-error.js';

interface PendingToken {
  /** The Task state waiting for it. */
  stateName: string;
  resolve: (v: JsonValue) => void;
  reject: (e: StatesError) => void;
  onHeartbeat: () => void;
  settled: boolean;
}

/** Thrown by the callback API for a token that is unknown or already used (AWS: TaskTimedOut / InvalidToken). */
export class InvalidTaskTokenError extends Error {
  constructor(token: string) {
    super(`Task token '${token}' is unknown, or its task has already completed or timed out`);
    this.name = 'TaskTimedOut';
  }
}

/**
 * Outstanding task tokens of an execution (and its Distributed Map children): the engine side of
 * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
 */
export class TaskTokenRegistry {
  private readonly pending = new Map<string, PendingToken>();
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private readonly prefix: string,
  ) {}

  /** A new, unique token string (one per Task state entry; retries reuse it). */
  newToken(): string {
    return `${this.prefix}-${++this.counter}`;
  }

  /** Waits for a callback on `token`: the promise settles on SendTaskSuccess/Failure. */
  issue(
    token: string,
    stateName: string,
    onHeartbeat: () => void,
  ): { token: string; done: Promise<JsonValue> } {
    let entry!: PendingToken;
    const done = new Promise<JsonValue>((resolve, reject) => {
      entry = { stateName, resolve, reject, onHeartbeat, settled: false };
    });
    this.pending.set(token, entry);
    return { token, done };
  }

  /** Whether `token` still waits for a callback. */
  isPending(token: string): boolean {
    return this.pending.has(token);
  }

  /** Forgets a token whose task ended another way (timeout, abort). */
  revoke(token: string): void {
    this.pending.delete(token);
  }

  private take(token: string): PendingToken {
    const p = this.pending.get(token);
    if (!p || p.settled) throw new InvalidTaskTokenError(token);
    return p;
  }

  /** SendTaskSuccess. */
  sendTaskSuccess(token: string, output: JsonValue): void {
    const p = this.take(token);
    p.settled = true;
    this.pending.delete(token);
    p.resolve(output);
    this.clock.poke();
  }

  /** SendTaskFailure: the Task fails with `error` (default States.TaskFailed, as AWS leaves it empty). */
  sendTaskFailure(token: string, error?: string, cause?: string): void {
    const p = this.take(token);
    p.settled = true;
    this.pending.delete(token);
    p.reject(new StatesError(error ?? '', cause ?? ''));
    this.clock.poke();
  }

  /** SendTaskHeartbeat: restarts the HeartbeatSeconds timer. */
  sendTaskHeartbeat(token: string): void {
    this.take(token).onHeartbeat();
  }

  /** The states waiting for a callback (one entry per token). */
  get waitingStates(): string[] {
    return [...this.pending.values()].map((p) => p.stateName);
  }

  /** Tokens still waiting for a callback. */
  get outstanding(): string[] {
    return [...this.pending.keys()];
  }
}
