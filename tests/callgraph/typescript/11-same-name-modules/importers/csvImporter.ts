import { parse } from '../formats/csv';
import type { Row } from '../formats/csv';

export function load(text: string): Row[] {
  return parse(text).slice(1);
}
