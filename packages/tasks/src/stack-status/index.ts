export * from './stack-status.js';
