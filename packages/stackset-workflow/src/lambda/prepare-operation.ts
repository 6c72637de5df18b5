/** The prepareOperation Lambda entry point. */
export { handler } from '../tasks/prepare-operation.js';
