export * from './deploy-stack/index.js';
export * from './inject-workflow/index.js';
export * from './list-targets/index.js';
export * from './notify/index.js';
export * from './poll-stack/index.js';
export * from './publish-workflow/index.js';
export * from './shared/index.js';
export * from './stack-status/index.js';
