export { parseConfig as parse } from './config';
export { merge as mergeConfig } from './config/index';
