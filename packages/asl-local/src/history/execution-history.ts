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

const TERMINAL = new Set<HistoryEventType>([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/**
 * The append-only event log of one execution. Status, billing and the history limit all derive
 * from it. Events are stored column-wise (type code, time, previous id, details) so a 100,000-event
 * log costs a few arrays, not 100,000 objects; {@link ExecutionHistory.toEvents} builds AWS shapes.
 */
export class ExecutionHistory {
  private types = new Uint8Array(32);
  private times = new Float64Array(32);
  private prevs = new Int32Array(32);
  private readonly details: (HistoryEventDetails | undefined)[] = [];
  private readonly typeNames: HistoryEventType[] = [];
  private readonly typeCodes = new Map<HistoryEventType, number>();
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
    if (
      this.maxEvents !== null &&
      this.count === this.maxEvents - 1 &&
      type !== 'ExecutionSucceeded' &&
      !TERMINAL.has(type)
    ) {
      // AWS: at 24,999 events, anything but ExecutionSucceeded as event 25,000 fails the execution.
      this.onLimit(this.maxEvents);
      throw new ExecutionTerminated();
    }
    const id = this.write(type, prev, details);
    if (TERMINAL.has(type)) this.closed = true;
    return id;
  }

  /** Writes the terminal event even when the log is at its limit (used by onLimit). */
  appendTerminal(type: HistoryEventType, prev: number, details: HistoryEventDetails): number {
    if (this.closed) return this.count;
    const id = this.write(type, prev, details);
    this.closed = true;
    return id;
  }

  private write(type: HistoryEventType, prev: number, details: HistoryEventDetails | undefined): number {
    const i = this.count++;
    if (!this.keepEvents) return i + 1;
    if (i === this.types.length) this.grow();
    let code = this.typeCodes.get(type);
    if (code === undefined) {
      code = this.typeNames.length;
      this.typeNames.push(type);
      this.typeCodes.set(type, code);
    }
    this.types[i] = code;
    this.times[i] = this.clock.now();
    this.prevs[i] = prev;
    this.details.push(details);
    return i + 1;
  }

  private grow(): void {
    const n = this.types.length * 2;
    const t = new Uint8Array(n);
    t.set(this.types);
    this.types = t;
    const at = new Float64Array(n);
    at.set(this.times);
    this.times = at;
    const p = new Int32Array(n);
    p.set(this.prevs);
    this.prevs = p;
  }

  /** The events in compact form, in order. */
  compact(): CompactEvent[] {
    const out: CompactEvent[] = [];
    for (let i = 0; i < this.details.length; i++) {
      out.push({
        type: this.typeNames[this.types[i] as number] as HistoryEventType,
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
