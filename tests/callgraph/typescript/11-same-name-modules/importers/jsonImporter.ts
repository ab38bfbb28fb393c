import * as json from '../formats/json';
import type { Row } from '../formats/csv';

export function load(text: string): Row[] {
  return json.parse(text);
}
