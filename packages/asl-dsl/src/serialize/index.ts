/**
 * Serialization of the ASL model to JSON: deterministic, with a canonical key order.
 * @module
 */
export { canonicalDefinition } from './canonical-definition.js';
export { type SerializeOptions, serializeDefinition } from './serialize-definition.js';
export { stateOrder } from './state-order.js';
