/**
 * Diagrams of state machines.
 * @module
 */
export { choiceRuleLabel } from './choice-rule-label.js';
export { type MermaidOptions, toMermaid } from './mermaid.js';
