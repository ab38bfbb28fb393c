export { parse as parseConfig, merge } from './impl';
export type { Settings } from './impl';
