import type { InputProblem } from '../input/input-error.js';

/** Step Functions' limit on a state's input or output (and so on an inline Map's results): 256 KiB. */
export const PAYLOAD_LIMIT_BYTES = 262_144;
/** Step Functions' limit on one Standard execution's history. */
export const HISTORY_LIMIT_EVENTS = 25_000;

/**
 * History events an inline Map target costs in the parent's history: iteration started/succeeded, then
 * DeployStack (5), WaitForStack (2), PollStack (5), StackSettled (2), TargetSettled (2) — 18 — plus 9
 * for each further look (Wait, PollStack, Choice). Budgeted at 4 further looks (an update's change set
 * and a few polls of the stack); a target that needs more spends another's share.
 */
export const INLINE_EVENTS_PER_TARGET = 18 + 4 * 9;
/** History events per inline round (MoreStages, DeployStage's Map events, RecordStage) with margin. */
export const INLINE_EVENTS_PER_ROUND = 40;
/** History events of the rest of a run (PrepareOperation … Notify, the end states), with margin. */
const INLINE_EVENTS_FIXED = 200;

/**
 * Bytes a target's result adds to the inline Map's output besides its item: the operation, stack and
 * deploy role every child carries, and deployStack's and pollStack's answers (about 1 KiB).
 */
const RESULT_BYTES_BESIDES_STACK = 1_536;

/** The sizes an INLINE run is planned from. */
export interface InlineSizes {
  /** JSON bytes of the execution input (it travels in the parent's state, as the input and in requests). */
  inputBytes: number;
  /** JSON bytes of the stack every child carries (name, template location, parameters, capabilities). */
  stackBytes: number;
  /** JSON bytes of the largest target item. */
  largestItemBytes: number;
  /** Targets to deploy. */
  targets: number;
  /** Stages of the plan. */
  stages: number;
}

/** How an INLINE run fits Step Functions' limits, or why it cannot. */
export type InlineCapacity = { fits: true; maxRoundSize: number } | { fits: false; problems: InputProblem[] };

/**
 * An inline Map holds a round's items in the parent's state and returns every target's final state in
 * it, and its iterations write the parent's history. So an INLINE stage runs in rounds small enough
 * for 256 KiB, and a whole run must fit one history of 25,000 events: a run that cannot is refused
 * before anything is deployed, naming the limit (the DISTRIBUTED machine has neither bound).
 */
export function inlineCapacity(sizes: InlineSizes): InlineCapacity {
  // Everything in the state besides the round: the input (twice: as given and in the task requests),
  // listTargets' answer (at most 100 targets inline) and the cursor.
  const reserve = 3 * sizes.inputBytes + 16 * 1024;
  const perTarget = 2 * sizes.largestItemBytes + sizes.stackBytes + RESULT_BYTES_BESIDES_STACK;
  const maxRoundSize = Math.floor((0.8 * (PAYLOAD_LIMIT_BYTES - reserve)) / perTarget);
  const problems: InputProblem[] = [];
  if (maxRoundSize < 1) {
    problems.push({
      pointer: '/parameters',
      message:
        `one target's state (${perTarget} bytes with the stack's parameters, besides ${reserve} bytes of input) ` +
        `does not fit an INLINE stage's ${PAYLOAD_LIMIT_BYTES}-byte (256 KiB) Step Functions payload: ` +
        'use the DISTRIBUTED machine',
    });
    return { fits: false, problems };
  }
  const rounds = sizes.stages + Math.ceil(sizes.targets / maxRoundSize);
  const events =
    INLINE_EVENTS_FIXED + rounds * INLINE_EVENTS_PER_ROUND + sizes.targets * INLINE_EVENTS_PER_TARGET;
  if (events > HISTORY_LIMIT_EVENTS) {
    const most = Math.floor(
      (HISTORY_LIMIT_EVENTS - INLINE_EVENTS_FIXED - (sizes.stages + 1) * INLINE_EVENTS_PER_ROUND) /
        (INLINE_EVENTS_PER_TARGET + INLINE_EVENTS_PER_ROUND / maxRoundSize),
    );
    problems.push({
      pointer: '/targets',
      message:
        `${sizes.targets} targets do not fit the INLINE machine: its stages run as inline Maps whose ` +
        `iterations all write one execution's history, limited to ${HISTORY_LIMIT_EVENTS} events ` +
        `(budgeted ${INLINE_EVENTS_PER_TARGET} per target): at most about ${Math.max(0, most)} targets; ` +
        'use the DISTRIBUTED machine, or fewer accounts or regions per execution',
    });
    return { fits: false, problems };
  }
  return { fits: true, maxRoundSize };
}
