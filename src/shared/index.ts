export * from './errors.js';
export * from './outcomes.js';
export * from './policy.js';
export * from './accounts.js';
