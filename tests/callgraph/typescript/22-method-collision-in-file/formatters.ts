export interface Formatter {
  header(columns: string[]): string;
  format(rows: string[][]): string;
}

export class CsvFormatter implements Formatter {
  header(columns: string[]): string {
    return columns.join(',');
  }

  format(rows: string[][]): string {
    return rows.map((row) => row.join(',')).join('\n');
  }

  csvTable(columns: string[], rows: string[][]): string {
    return [this.header(columns), this.format(rows)].join('\n');
  }
}

export class MarkdownFormatter implements Formatter {
  header(columns: string[]): string {
    return `| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`;
  }

  format(rows: string[][]): string {
    return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
  }

  markdownTable(columns: string[], rows: string[][]): string {
    return `${this.header(columns)}\n${this.format(rows)}`;
  }
}

export function format(columns: string[], rows: string[][]): string {
  return new CsvFormatter().csvTable(columns, rows);
}
