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

/** Who is told when appending would cross the history limit (it ends the execution). */
export interface HistoryLimitOwner {
  onHistoryLimit(limit: number): void;
}

const TERMINAL = new Set<HistoryEventType>([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

// Event types are stored as small integers shared by every execution.
const TYPE_NAMES: HistoryEventType[] = [];
const TYPE_CODES = new Map<HistoryEventType, number>();
function codeOf(type: HistoryEventType): number {
  let code = TYPE_CODES.get(type);
  if (code === undefined) {
    code = TYPE_NAMES.length;
    TYPE_NAMES.push(type);
    TYPE_CODES.set(type, code);
  }
  return code;
}

/**
 * The append-only event log of one execution. Status, billing and the history limit all derive
 * from it. Events are stored column-wise (type code, time, previous id, details) so a 100,000-event
 * log costs a few arrays, not 100,000 objects; {@link ExecutionHistory.toEvents} builds AWS shapes.
 */
export class ExecutionHistory {
  private readonly types: number[] = [];
  private readonly times: number[] = [];
  private readonly prevs: number[] = [];
  private readonly details: (HistoryEventDetails | undefined)[] = [];
  private count = 0;
  /** Set once a terminal Execution* event is written; later appends throw ExecutionTerminated. */
  closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly maxEvents: number | null,
    private readonly keepEvents: boolean,
    private readonly owner: HistoryLimitOwner,
  ) {}

  /** Number of events written so far. */
  get length(): number {
    return this.count;
  }

  /** Appends an event and returns its id. */
  append(type: HistoryEventType, prev: number, details?: HistoryEventDetails): number {
    if (this.closed) throw new ExecutionTerminated();
    if (this.maxEvents !== null && this.count === this.maxEvents - 1 && !TERMINAL.has(type)) {
      // AWS: at 24,999 events, anything but ExecutionSucceeded as event 25,000 fails the execution.
      this.owner.onHistoryLimit(this.maxEvents);
      throw new ExecutionTerminated();
    }
    const id = this.write(type, prev, details);
    if (TERMINAL.has(type)) this.closed = true;
    return id;
  }

  /** Writes the terminal event even when the log is at its limit. */
  appendTerminal(type: HistoryEventType, prev: number, details: HistoryEventDetails): number {
    if (this.closed) return this.count;
    const id = this.write(type, prev, details);
    this.closed = true;
    return id;
  }

  private write(type: HistoryEventType, prev: number, details: HistoryEventDetails | undefined): number {
    const id = ++this.count;
    if (this.keepEvents) {
      this.types.push(codeOf(type));
      this.times.push(this.clock.now());
      this.prevs.push(prev);
      this.details.push(details);
    }
    return id;
  }

  /** The events in compact form, in order. */
  compact(): CompactEvent[] {
    const out: CompactEvent[] = [];
    for (let i = 0; i < this.types.length; i++) {
      out.push({
        type: TYPE_NAMES[this.types[i] as number] as HistoryEventType,
        at: this.times[i] as number,
        id: i + 1,
        prev: this.prevs[i] as number,
        details: this.details[i],
      });
    }
    return out;
  }

  /** The history as GetExecutionHistory returns it. */
  toEvents(): HistoryEvent[] {
    return this.compact().map(toHistoryEvent);
  }

  /** The id of the last event (for previousEventId of the terminal event). */
  get lastId(): number {
    return this.count;
  }
}
