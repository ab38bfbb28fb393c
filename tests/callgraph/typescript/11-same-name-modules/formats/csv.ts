export type Row = string[];

export function parse(text: string): Row[] {
  return text.trim().split('\n').map((line) => line.split(','));
}

export function dump(rows: Row[]): string {
  return rows.map((row) => row.join(',')).join('\n');
}
