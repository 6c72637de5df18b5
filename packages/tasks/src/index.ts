export {};
export * from './inject-workflow/index.js';
