export { createPollStackHandler, type PollStackDeps } from './handler.js';
export { nextPollDelaySeconds, type PollBackoffSettings } from './poll-delay.js';
export * from './schemas.js';
