/**
 * The zod schema of Amazon States Language.
 * @module
 */
export {
  aslSchema,
  catcherSchema,
  choiceExpressionSchema,
  choiceRuleSchema,
  jsonValueSchema,
  retrierSchema,
  stateGraphSchema,
  stateSchema,
} from './asl-schema.js';
