export { formatDate } from './dates.js';
export { default as Logger } from './logger.js';
export * from './math.js';
