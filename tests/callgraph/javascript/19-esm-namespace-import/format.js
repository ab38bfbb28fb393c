import * as math from './math.js';

export function round(value) {
  return `${math.round(value, 1).toFixed(1)}`;
}

export function percent(value) {
  return `${round(value * 100)}%`;
}
