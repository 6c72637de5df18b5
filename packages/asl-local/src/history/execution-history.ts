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
/** Whether the type of a code is ExecutionSucceeded/Failed/Aborted/TimedOut (by code: this runs for every event). */
const TERMINAL_CODES: boolean[] = [];

/**
 * The small integer an event type is stored as (the same in every execution). Hot paths look it up
 * once and append by code (see {@link ExecutionHistory.appendEnteredCode}).
 */
export function eventTypeCode(type: HistoryEventType): number {
  let code = TYPE_CODES.get(type);
  if (code === undefined) {
    code = TYPE_NAMES.length;
    TYPE_NAMES.push(type);
    TYPE_CODES.set(type, code);
    TERMINAL_CODES[code] = TERMINAL.has(type);
  }
  return code;
}

const MAP_ITERATION_STARTED = eventTypeCode('MapIterationStarted');
const MAP_ITERATION_SUCCEEDED = eventTypeCode('MapIterationSucceeded');
const LAMBDA_FUNCTION_SCHEDULED = eventTypeCode('LambdaFunctionScheduled');

// How an event's details are stored (most events need no details object of their own).
/** No details. */
const NONE = 0;
/** The payload slot holds the details object. */
const OBJECT = 1;
/** `{name, input: payload}` (StateEntered). */
const NAME_INPUT = 2;
/** `{name, output: payload}` (StateExited without variables). */
const NAME_OUTPUT = 3;
/** `{name, index: num}` (MapIteration*). */
const NAME_INDEX = 4;
/** `{output: payload}` (LambdaFunctionSucceeded). */
const OUTPUT = 5;
/** `{resource: name, input: payload, timeoutInSeconds?: num}` (LambdaFunctionScheduled). */
const RESOURCE_INPUT = 6;
type Layout = number;

/**
 * Integers stored per event: type code + layout, previous id, name id, number (32-bit: ids, indexes
 * and timeouts; a timeout that does not fit is stored in a details object). The time is a double of
 * its own. 24 bytes an event: a 100,000-event history touches 2.4 MB, not 4 MB.
 */
const INTS = 4;
/** Events per chunk, and in the first chunk of a log. */
const CHUNK = 4096;
const FIRST_CHUNK = 16;
const NO_NUMBER = -1;
/** A log before its first event: no room, so the first write makes the first chunk. */
const EMPTY_TIMES = new Float64Array(0);
const EMPTY_INTS = new Int32Array(0);

/**
 * The append-only event log of one execution. Status, billing and the history limit all derive
 * from it. Events are stored packed: five numbers per event in one flat array plus one slot for the
 * JSON text (or, rarely, a details object), names interned, so a 100,000-event log holds no
 * per-event objects; {@link ExecutionHistory.toEvents} builds the AWS shapes on demand.
 */
export class ExecutionHistory {
  /**
   * Numbers in chunks of CHUNK events (off-heap Float64Arrays): the log grows without copying, and
   * a short log (a Distributed Map child's) starts with a small first chunk.
   */
  private readonly timeChunks: Float64Array[] = [];
  private readonly intChunks: Int32Array[] = [];
  private readonly payloadChunks: (string | HistoryEventDetails | undefined)[][] = [];
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private count = 0;
  /** The chunk events are written to, its text slots, its index, and the next slot in it. */
  private timeChunk: Float64Array = EMPTY_TIMES;
  private intChunk: Int32Array = EMPTY_INTS;
  private payloadChunk: (string | HistoryEventDetails | undefined)[] = [];
  private chunkIndex = 0;
  private slot = 0;
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
    return this.add(eventTypeCode(type), prev, details === undefined ? NONE : OBJECT, details, -1, NO_NUMBER);
  }

  /** Appends `{name, input}` (a StateEntered event) without building a details object. */
  appendEntered(type: HistoryEventType, prev: number, name: string, input: string): number {
    return this.add(eventTypeCode(type), prev, NAME_INPUT, input, this.nameId(name), NO_NUMBER);
  }

  /** {@link appendEntered} by type code and name id ({@link eventTypeCode}, {@link nameId}). */
  appendEnteredCode(code: number, prev: number, nameId: number, input: string): number {
    return this.add(code, prev, NAME_INPUT, input, nameId, NO_NUMBER);
  }

  /** Appends `{name, output}` (a StateExited event without assigned variables). */
  appendExited(type: HistoryEventType, prev: number, name: string, output: string): number {
    return this.add(eventTypeCode(type), prev, NAME_OUTPUT, output, this.nameId(name), NO_NUMBER);
  }

  /** {@link appendExited} by type code and name id. */
  appendExitedCode(code: number, prev: number, nameId: number, output: string): number {
    return this.add(code, prev, NAME_OUTPUT, output, nameId, NO_NUMBER);
  }

  /** Appends `{name, index}` (a MapIteration* event). */
  appendIteration(type: HistoryEventType, prev: number, name: string, index: number): number {
    return this.add(eventTypeCode(type), prev, NAME_INDEX, undefined, this.nameId(name), index);
  }

  /** MapIterationStarted, then MapIterationSucceeded, by the Map state's name id (the common pair). */
  appendIterationStarted(prev: number, nameId: number, index: number): number {
    return this.add(MAP_ITERATION_STARTED, prev, NAME_INDEX, undefined, nameId, index);
  }

  appendIterationSucceeded(prev: number, nameId: number, index: number): number {
    return this.add(MAP_ITERATION_SUCCEEDED, prev, NAME_INDEX, undefined, nameId, index);
  }

  /** Appends `{output}` (LambdaFunctionSucceeded). */
  appendOutput(type: HistoryEventType, prev: number, output: string): number {
    return this.add(eventTypeCode(type), prev, OUTPUT, output, -1, NO_NUMBER);
  }

  /** {@link appendOutput} by type code. */
  appendOutputCode(code: number, prev: number, output: string): number {
    return this.add(code, prev, OUTPUT, output, -1, NO_NUMBER);
  }

  /** Appends `{resource, input, timeoutInSeconds?}` (LambdaFunctionScheduled). */
  appendLambdaScheduled(
    prev: number,
    resource: string,
    input: string,
    timeoutInSeconds: number | undefined,
  ): number {
    // A timeout beyond 32 bits (no AWS value is) keeps its exact value in a details object.
    if (timeoutInSeconds !== undefined && (timeoutInSeconds | 0) !== timeoutInSeconds) {
      return this.add(
        LAMBDA_FUNCTION_SCHEDULED,
        prev,
        OBJECT,
        { resource, input, timeoutInSeconds },
        -1,
        NO_NUMBER,
      );
    }
    return this.add(
      LAMBDA_FUNCTION_SCHEDULED,
      prev,
      RESOURCE_INPUT,
      input,
      this.nameId(resource),
      timeoutInSeconds ?? NO_NUMBER,
    );
  }

  /** {@link append} by type code. */
  appendCodeDetails(code: number, prev: number, details: HistoryEventDetails): number {
    return this.add(code, prev, OBJECT, details, -1, NO_NUMBER);
  }

  /** Appends a details-less event by type code (LambdaFunctionStarted...). */
  appendCode(code: number, prev: number): number {
    return this.add(code, prev, NONE, undefined, -1, NO_NUMBER);
  }

  private add(
    code: number,
    prev: number,
    layout: Layout,
    payload: string | HistoryEventDetails | undefined,
    nameId: number,
    num: number,
  ): number {
    if (this.closed) throw new ExecutionTerminated();
    const terminal = TERMINAL_CODES[code] === true;
    if (this.maxEvents !== null && this.count === this.maxEvents - 1 && !terminal) {
      // AWS: at 24,999 events, anything but ExecutionSucceeded as event 25,000 fails the execution.
      this.owner.onHistoryLimit(this.maxEvents);
      throw new ExecutionTerminated();
    }
    const id = this.write(code, prev, layout, payload, nameId, num);
    if (terminal) this.closed = true;
    return id;
  }

  /** Writes the terminal event even when the log is at its limit. */
  appendTerminal(type: HistoryEventType, prev: number, details: HistoryEventDetails): number {
    if (this.closed) return this.count;
    const id = this.write(eventTypeCode(type), prev, OBJECT, details, -1, NO_NUMBER);
    this.closed = true;
    return id;
  }

  private write(
    code: number,
    prev: number,
    layout: Layout,
    payload: string | HistoryEventDetails | undefined,
    nameId: number,
    num: number,
  ): number {
    const id = ++this.count;
    if (this.keepEvents) {
      // The current chunk and the slot in it are kept, not derived from the id (one per event).
      let k = this.slot;
      if (k === CHUNK) {
        k = 0;
        this.chunkIndex++;
        this.growChunk(this.chunkIndex, 0);
      } else if (k >= this.timeChunk.length) this.growChunk(this.chunkIndex, k);
      const ints = this.intChunk;
      const o = k * INTS;
      ints[o] = code * 16 + layout;
      ints[o + 1] = prev;
      ints[o + 2] = nameId;
      ints[o + 3] = num;
      this.timeChunk[k] = this.clock.now();
      this.payloadChunk[k] = payload;
      this.slot = k + 1;
    }
    return id;
  }

  /** Makes room for event `k` of chunk `c`: a new chunk (small if it is the first) or a larger copy. */
  private growChunk(c: number, k: number): void {
    const oldTimes = this.timeChunks[c];
    const oldInts = this.intChunks[c];
    const events =
      oldTimes === undefined
        ? c === 0
          ? FIRST_CHUNK
          : CHUNK
        : Math.min(CHUNK, Math.max(k + 1, oldTimes.length * 4));
    // One allocation for both columns: times first (8-byte aligned), then the integers.
    const buffer = new ArrayBuffer(events * (8 + INTS * 4));
    const times = new Float64Array(buffer, 0, events);
    const ints = new Int32Array(buffer, events * 8, events * INTS);
    if (oldTimes) times.set(oldTimes);
    if (oldInts) ints.set(oldInts);
    this.timeChunks[c] = times;
    this.intChunks[c] = ints;
    // The text slots grow with the numbers (preallocated: no regrowth copies on every push).
    const payloads = new Array<string | HistoryEventDetails | undefined>(events).fill(undefined);
    const oldPayloads = this.payloadChunks[c];
    if (oldPayloads) for (let i = 0; i < oldPayloads.length; i++) payloads[i] = oldPayloads[i];
    this.payloadChunks[c] = payloads;
    this.timeChunk = times;
    this.intChunk = ints;
    this.payloadChunk = payloads;
  }

  /** The id a name (state, resource) is stored as in this log, for the `*Code` appends. */
  nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  /** The event at position `i` (0-based) in compact form. */
  private eventAt(i: number): CompactEvent {
    const n = this.intChunks[Math.floor(i / CHUNK)] as Int32Array;
    const k = i % CHUNK;
    const o = k * INTS;
    const code = n[o] as number;
    const layout = code % 16;
    const payload = (this.payloadChunks[Math.floor(i / CHUNK)] as unknown[])[k] as
      | string
      | HistoryEventDetails
      | undefined;
    const name = this.names[n[o + 2] as number] as string;
    const num = n[o + 3] as number;
    let details: HistoryEventDetails | undefined;
    switch (layout) {
      case NONE:
        details = undefined;
        break;
      case OBJECT:
        details = payload as HistoryEventDetails;
        break;
      case NAME_INPUT:
        details = { name, input: payload as string };
        break;
      case NAME_OUTPUT:
        details = { name, output: payload as string };
        break;
      case NAME_INDEX:
        details = { name, index: num };
        break;
      case OUTPUT:
        details = { output: payload as string };
        break;
      default:
        // RESOURCE_INPUT
        details = { resource: name, input: payload as string };
        if (num !== NO_NUMBER) details.timeoutInSeconds = num;
    }
    return {
      type: TYPE_NAMES[Math.floor(code / 16)] as HistoryEventType,
      at: (this.timeChunks[Math.floor(i / CHUNK)] as Float64Array)[k] as number,
      id: i + 1,
      prev: n[o + 1] as number,
      details,
    };
  }

  /** The events in compact form, in order. */
  compact(): CompactEvent[] {
    const out: CompactEvent[] = [];
    const stored = this.keepEvents ? this.count : 0;
    for (let i = 0; i < stored; i++) out.push(this.eventAt(i));
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
