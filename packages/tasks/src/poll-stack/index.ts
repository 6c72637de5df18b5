export {
  CHANGE_SET_BUDGET_SECONDS,
  CHANGE_SET_RECHECK,
  createPollStackHandler,
  type PollStackDeps,
} from './handler.js';
export { nextPollDelaySeconds, type PollBackoffSettings } from './poll-delay.js';
export * from './schemas.js';
