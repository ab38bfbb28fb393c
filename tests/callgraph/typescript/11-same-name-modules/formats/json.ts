import type { Row } from './csv';

export function parse(text: string): Row[] {
  return (JSON.parse(text) as { rows: Row[] }).rows;
}

export function dump(rows: Row[]): string {
  return JSON.stringify({ rows });
}
