export * from './errors.js';
export * from './outcomes.js';
export * from './policy.js';
export * from './accounts.js';
export * from './contract.js';
export * from './api.js';
export * from './origin.js';
export * from './text.js';
