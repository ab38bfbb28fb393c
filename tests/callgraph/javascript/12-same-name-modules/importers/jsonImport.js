import * as json from '../formats/json.js';

export function load(text) {
  return json.parse(text).rows;
}
