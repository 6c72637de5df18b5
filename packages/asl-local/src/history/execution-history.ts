import type { Clock } from '../clock/clock.js';
import {
  type CompactEvent,
  type HistoryEvent,
  type HistoryEventDetails,
  type HistoryEventType,
  toHistoryEvent,
} from './history-event.js';

/** Thrown into every running branch once the execution has ended (failed, timed out, aborted). */
export class ExecutionTerminated extends Error {
  constructor() {
    super('The execution has already ended');
    this.name = 'ExecutionTerminated';
  }
}

/** Called when appending would cross the history limit; it ends the execution. */
export type HistoryLimitHandler = (limit: number) => void;

/**
 * The append-only event log of one execution. Status, billing and the history limit all derive
 * from it. Events are kept compact; {@link ExecutionHistory.toEvents} builds the AWS shapes.
 */
export class ExecutionHistory {
  private readonly events: CompactEvent[] = [];
  private count = 0;
  /** Set once a terminal Execution* event is written; later appends throw ExecutionTerminated. */
  closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly maxEvents: number | null,
    private readonly keepEvents: boolean,
    private readonly onLimit: HistoryLimitHandler,
  ) {}

  /** Number of events written so far. */
  get length(): number {
    return this.count;
  }

  /** Appends an event and returns its id. */
  append(type: HistoryEventType, prev: number, details?: HistoryEventDetails): number {
    if (this.closed) throw new ExecutionTerminated();
    if (this.maxEvents !== null && this.count === this.maxEvents - 1 && type !== 'ExecutionSucceeded') {
      // AWS: at 24,999 events, anything but ExecutionSucceeded as event 25,000 fails the execution.
      const terminal =
        type === 'ExecutionFailed' || type === 'ExecutionAborted' || type === 'ExecutionTimedOut';
      if (!terminal) {
        this.onLimit(this.maxEvents);
        throw new ExecutionTerminated();
      }
    }
    const id = ++this.count;
    if (this.keepEvents) this.events.push({ type, at: this.clock.now(), id, prev, details });
    if (
      type === 'ExecutionSucceeded' ||
      type === 'ExecutionFailed' ||
      type === 'ExecutionAborted' ||
      type === 'ExecutionTimedOut'
    ) {
      this.closed = true;
    }
    return id;
  }

  /** Writes the terminal event even when the log is at its limit (used by onLimit). */
  appendTerminal(type: HistoryEventType, prev: number, details: HistoryEventDetails): number {
    if (this.closed) return this.count;
    const id = ++this.count;
    if (this.keepEvents) this.events.push({ type, at: this.clock.now(), id, prev, details });
    this.closed = true;
    return id;
  }

  /** The compact events, in order (no copies). */
  compact(): readonly CompactEvent[] {
    return this.events;
  }

  /** The history as GetExecutionHistory returns it. */
  toEvents(): HistoryEvent[] {
    return this.events.map(toHistoryEvent);
  }

  /** The id of the last event (for previousEventId of the terminal event). */
  get lastId(): number {
    return this.count;
  }
}
